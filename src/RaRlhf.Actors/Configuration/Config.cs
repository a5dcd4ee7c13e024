using System.Globalization;
using RaRlhf.Actors.Configuration.Hocon;

namespace RaRlhf.Actors.Configuration;

/// <summary>
/// A typed, read-only view of a resolved HOCON tree. Getters take key paths relative to this view; errors name the
/// full path from the root and the file:line where the offending value was defined.
/// </summary>
public sealed class Config
{
    private readonly IReadOnlyList<string> _prefix;

    public Config(HoconObject root, IReadOnlyList<string>? prefix = null)
    {
        Root = root;
        _prefix = prefix ?? [];
    }

    /// <summary>The resolved object this view reads.</summary>
    public HoconObject Root { get; }

    /// <summary>An empty configuration.</summary>
    public static Config Empty { get; } = new(new HoconObject(new SourcePosition("(empty)", 0, 0)));

    public bool HasPath(string path) => Find(path) is not null and not HoconScalar { IsNull: true };

    /// <summary>The keys directly below <paramref name="path"/> (e.g. the scorer names under <c>reward.scorers</c>).</summary>
    public IReadOnlyList<string> GetKeys(string path) => GetConfig(path).Root.Keys.ToList();

    public string GetString(string path) => Scalar(path, "a string").Text;

    public int GetInt(string path) => Convert(path, "an integer", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    public long GetLong(string path) => Convert(path, "an integer", t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null);

    public double GetDouble(string path) => Convert(path, "a number", t =>
        double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null);

    public bool GetBool(string path) => Convert(path, "a boolean (true/false, yes/no, on/off)", t => t switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => (bool?)null,
    });

    public TimeSpan GetDuration(string path) => Convert(path, "a duration such as 10s, 500 ms or 2 minutes",
        t => HoconUnits.TryParseDuration(t, out var d) ? d : (TimeSpan?)null);

    public long GetBytes(string path) => Convert(path, "a size such as 64MiB, 1k or 512",
        t => HoconUnits.TryParseBytes(t, out var b) ? b : (long?)null);

    public IReadOnlyList<string> GetStringList(string path)
    {
        var value = Require(path);
        if (value is not HoconArray array)
        {
            throw WrongType(path, "a list of strings", value);
        }

        return array.Items.Select((item, i) => item is HoconScalar { IsNull: false } s
            ? s.Text
            : throw WrongType($"{path}[{i}]", "a string", item)).ToList();
    }

    /// <summary>The object at <paramref name="path"/> as a view whose errors still report full paths.</summary>
    public Config GetConfig(string path)
    {
        var value = Require(path);
        return value is HoconObject obj
            ? new Config(obj, _prefix.Concat(HoconPath.Parse(path)).ToList())
            : throw WrongType(path, "an object", value);
    }

    /// <summary>This configuration with <paramref name="fallback"/> underneath: keys here win, objects merge.</summary>
    public Config WithFallback(Config fallback) => new(HoconObject.Merge(fallback.Root, Root), _prefix);

    /// <summary>The full key path of this view from the root ("" for the root).</summary>
    public string Path => HoconPath.Format(_prefix);

    /// <summary>The full key path of <paramref name="path"/> from the root.</summary>
    public string FullPath(string path) => HoconPath.Format(_prefix.Concat(HoconPath.Parse(path)));

    /// <summary>Where the value at <paramref name="path"/> was defined, or null when absent.</summary>
    public SourcePosition? OriginOf(string path) => Find(path)?.Origin;

    /// <summary>The resolved tree as HOCON or JSON text.</summary>
    public string Render(bool json) => HoconRenderer.Render(Root, json);

    private T Convert<T>(string path, string expected, Func<string, T?> convert)
        where T : struct
    {
        var scalar = Scalar(path, expected);
        return convert(scalar.Text) ?? throw WrongType(path, expected, scalar);
    }

    private HoconScalar Scalar(string path, string expected)
    {
        var value = Require(path);
        return value is HoconScalar { IsNull: false } scalar ? scalar : throw WrongType(path, expected, value);
    }

    private HoconValue Require(string path) =>
        Find(path) ?? throw new ConfigException(FullPath(path),
            $"config key '{FullPath(path)}' is missing; set it in your config file or with --set {FullPath(path)}=...");

    private HoconValue? Find(string path)
    {
        HoconValue? node = Root;
        foreach (var segment in HoconPath.Parse(path))
        {
            node = (node as HoconObject)?.Get(segment);
        }

        return node;
    }

    private ConfigException WrongType(string path, string expected, HoconValue found)
    {
        var shown = found is HoconScalar s ? $"{found.Kind} {HoconRenderer.Quote(s.Text)}" : found.Kind;
        return new ConfigException(FullPath(path),
            $"config key '{FullPath(path)}' (defined at {found.Origin.FileAndLine}): expected {expected} but found {shown}");
    }
}
