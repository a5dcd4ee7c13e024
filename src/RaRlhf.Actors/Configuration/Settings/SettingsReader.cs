using System.Globalization;

namespace RaRlhf.Actors.Configuration.Settings;

/// <summary>
/// Reads typed values from one config section and records every failure (missing key, wrong type, rule broken)
/// instead of stopping at the first, so start-up reports all problems at once.
/// </summary>
public sealed class SettingsReader
{
    private readonly Config _config;
    private readonly List<string> _errors;
    private readonly HashSet<string> _read;
    private readonly bool _silent;

    public SettingsReader(Config config)
        : this(config, [], new HashSet<string>(StringComparer.Ordinal), silent: false)
    {
    }

    private SettingsReader(Config config, List<string> errors, HashSet<string> read, bool silent)
    {
        _config = config;
        _errors = errors;
        _read = read;
        _silent = silent;
    }

    /// <summary>Full paths of the keys read so far (a section marked <see cref="Open"/> counts as read as a whole).</summary>
    public IReadOnlySet<string> ReadPaths => _read;

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The section's own view (for settings a plug-in reads itself).</summary>
    public Config Config => _config;

    /// <summary>A reader of the object at <paramref name="path"/>; when that is missing or not an object, one error and silent defaults.</summary>
    public SettingsReader Section(string path)
    {
        try
        {
            return new SettingsReader(_config.GetConfig(path), _errors, _read, _silent);
        }
        catch (ConfigException e)
        {
            Fail(e.Message);
            return new SettingsReader(Config.Empty, _errors, _read, silent: true);
        }
    }

    /// <summary>Marks this whole section as known (its keys are read by a plug-in, e.g. a reward scorer).</summary>
    public void Open() => _read.Add(_config.Path);

    public int Int(string path, Func<int, bool> valid, string rule) => Read(path, _config.GetInt, valid, rule);

    public long Long(string path, Func<long, bool> valid, string rule) => Read(path, _config.GetLong, valid, rule);

    public double Double(string path, Func<double, bool> valid, string rule) => Read(path, _config.GetDouble, valid, rule);

    public bool Bool(string path) => Read(path, _config.GetBool, _ => true, "");

    public string String(string path, Func<string, bool>? valid = null, string rule = "") =>
        Read(path, _config.GetString, valid ?? (_ => true), rule) ?? "";

    public TimeSpan Duration(string path, Func<TimeSpan, bool> valid, string rule) => Read(path, _config.GetDuration, valid, rule);

    public long Bytes(string path, Func<long, bool> valid, string rule) => Read(path, _config.GetBytes, valid, rule);

    /// <summary>One of <paramref name="choices"/> (case-insensitive), returned lower-case.</summary>
    public string Choice(string path, params string[] choices)
    {
        var value = String(path).ToLowerInvariant();
        if (value.Length > 0 && !choices.Contains(value))
        {
            Reject(path, value, $"must be one of {string.Join(" | ", choices)}");
        }

        return value;
    }

    /// <summary>Records a cross-field rule failure against <paramref name="path"/>.</summary>
    public void Reject(string path, object? value, string reason)
    {
        var origin = _config.OriginOf(path);
        var shown = Convert.ToString(value, CultureInfo.InvariantCulture);
        Fail($"config key '{_config.FullPath(path)}' = {shown}{(origin is { } o ? $" (set at {o.FileAndLine})" : "")}: {reason}");
    }

    private T Read<T>(string path, Func<string, T> get, Func<T, bool> valid, string rule)
    {
        if (_silent)
        {
            return default!;
        }

        _read.Add(_config.FullPath(path));
        try
        {
            var value = get(path);
            if (!valid(value))
            {
                Reject(path, value, rule);
            }

            return value;
        }
        catch (ConfigException e)
        {
            Fail(e.Message);
            return default!;
        }
    }

    private void Fail(string message)
    {
        if (!_silent)
        {
            _errors.Add(message);
        }
    }
}
