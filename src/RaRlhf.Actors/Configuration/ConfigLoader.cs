using RaRlhf.Actors.Configuration.Hocon;

namespace RaRlhf.Actors.Configuration;

/// <summary>
/// Reads HOCON files and text into a resolved <see cref="Config"/>. <c>--set key=value</c> overrides are parsed as
/// HOCON and merged on top before substitutions are resolved, so they take part in <c>${...}</c> like any field.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The overlay loaded when none is given: <c>hocon/local.conf</c> under <paramref name="repoRoot"/>.</summary>
    public static string DefaultConfigPath(string repoRoot) => Path.Combine(repoRoot, "hocon", "local.conf");

    /// <summary>Parses and resolves <paramref name="file"/> (and its includes) with <paramref name="overrides"/> applied on top.</summary>
    public static Config LoadFile(string file, IEnumerable<string>? overrides = null, Func<string, string?>? environment = null)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"config file '{file}' not found; pass --config FILE (e.g. hocon/local.conf)", file);
        }

        var root = new HoconObject(new SourcePosition(file, 1, 1));
        HoconIncluder.ParseInto(root, File.ReadAllText(file), file, Path.GetDirectoryName(Path.GetFullPath(file)));
        return Finish(root, overrides, environment);
    }

    /// <summary>Parses and resolves HOCON text; includes are relative to <paramref name="directory"/> (default: the current one).</summary>
    public static Config Parse(string text, string label = "(text)", IEnumerable<string>? overrides = null,
        Func<string, string?>? environment = null, string? directory = null)
    {
        var root = new HoconObject(new SourcePosition(label, 1, 1));
        HoconIncluder.ParseInto(root, text, label, directory);
        return Finish(root, overrides, environment);
    }

    /// <summary>
    /// The override as HOCON text. A value that is not valid HOCON on its own (a URL, a Windows path) is taken as a
    /// plain string, so `--set logging.seq.url=http://localhost:5341` works without shell-quoted HOCON quotes.
    /// </summary>
    private static string AsHocon(string assignment, string label)
    {
        try
        {
            HoconIncluder.ParseInto(new HoconObject(new SourcePosition(label, 1, 1)), assignment, label, Directory.GetCurrentDirectory());
            return assignment;
        }
        catch (HoconException)
        {
            var split = assignment.IndexOf('=', StringComparison.Ordinal);
            var value = assignment[(split + 1)..].Trim();
            if (value.Length == 0 || value[0] is '{' or '[' or '"' || value.Contains("${", StringComparison.Ordinal))
            {
                throw;
            }

            return assignment[..split] + "= " + HoconRenderer.Quote(value);
        }
    }

    private static Config Finish(HoconObject root, IEnumerable<string>? overrides, Func<string, string?>? environment)
    {
        var index = 0;
        foreach (var assignment in overrides ?? [])
        {
            index++;
            if (!assignment.Contains('=', StringComparison.Ordinal))
            {
                throw new HoconException(new SourcePosition($"--set #{index}", 1, 1),
                    $"expected key=value but found '{assignment}'");
            }

            var label = $"--set #{index}";
            HoconIncluder.ParseInto(root, AsHocon(assignment, label), label, Directory.GetCurrentDirectory());
        }

        return new Config(HoconResolver.Resolve(root, environment ?? Environment.GetEnvironmentVariable));
    }
}
