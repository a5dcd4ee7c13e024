using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using Serilog;

namespace RaRlhf.Actors.Pipeline.Rewards.Plugins;

/// <summary>
/// What a plug-in reward's constructor receives: its scorer's own settings (<c>reward.scorers.NAME { … }</c>) as typed
/// getters, the host's token decoder and a logger tagged with the scorer's name. A missing or mistyped key throws
/// <see cref="ConfigValidationException"/> naming the full key path and the file:line it came from, so a plug-in
/// never has to format config errors itself. Getters with a fallback return it when the key is absent.
/// </summary>
public sealed class RewardPluginContext
{
    private readonly Config _settings;
    private readonly string _baseDirectory;

    /// <summary>Public so a plug-in's own tests can build one from HOCON text (ConfigLoader.Parse).</summary>
    public RewardPluginContext(string name, Config settings, RewardContext host)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(host);
        Name = name;
        _settings = settings;
        _baseDirectory = Path.GetFullPath(host.BaseDirectory);
        Decode = host.Decode;
        Logger = host.Logger.ForContext("Scorer", name);
    }

    /// <summary>The scorer's name under <c>reward.scorers</c>.</summary>
    public string Name { get; }

    /// <summary>Token ids → text with the policy's tokenizer (inputs already carry both; this is for extra uses).</summary>
    public Func<int[], string> Decode { get; }

    /// <summary>The run's logger with a <c>Scorer</c> property; use message templates.</summary>
    public ILogger Logger { get; }

    /// <summary>The full key path of one of this scorer's keys, e.g. <c>reward.scorers.my-lexicon.words</c>.</summary>
    public string KeyPath(string key) => _settings.FullPath(key);

    public bool Has(string key) => _settings.HasPath(key);

    public string GetString(string key, string? fallback = null) => Get(key, fallback is not null, fallback!, _settings.GetString);

    public int GetInt(string key, int? fallback = null) => Get(key, fallback.HasValue, fallback.GetValueOrDefault(), _settings.GetInt);

    public double GetDouble(string key, double? fallback = null) => Get(key, fallback.HasValue, fallback.GetValueOrDefault(), _settings.GetDouble);

    public bool GetBool(string key, bool? fallback = null) => Get(key, fallback.HasValue, fallback.GetValueOrDefault(), _settings.GetBool);

    public TimeSpan GetDuration(string key, TimeSpan? fallback = null) => Get(key, fallback.HasValue, fallback.GetValueOrDefault(), _settings.GetDuration);

    public IReadOnlyList<string> GetStringList(string key, IReadOnlyList<string>? fallback = null) =>
        Get(key, fallback is not null, fallback!, _settings.GetStringList);

    /// <summary>A path key resolved against the host's base directory (the current directory for the CLI).</summary>
    public string GetPath(string key, string? fallback = null) => Path.GetFullPath(GetString(key, fallback), _baseDirectory);

    /// <summary>For the plug-in's own checks: <c>throw context.Invalid("words", "must not be empty")</c>.</summary>
    public ConfigValidationException Invalid(string key, string reason)
    {
        var origin = _settings.OriginOf(key) is { } o ? $" (set at {o.FileAndLine})" : "";
        return new ConfigValidationException([$"config key '{KeyPath(key)}'{origin}: {reason}"]);
    }

    private T Get<T>(string key, bool hasFallback, T fallback, Func<string, T> read)
    {
        if (hasFallback && !_settings.HasPath(key))
        {
            return fallback;
        }

        try
        {
            return read(key);
        }
        catch (ConfigException e)
        {
            throw new ConfigValidationException([e.Message]);
        }
    }
}
