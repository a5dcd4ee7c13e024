using RaRlhf.Actors.Configuration.Settings;

namespace RaRlhf.Actors.Configuration;

/// <summary>
/// What `rarlhf config show|validate` do, kept beside the configuration code so it can be tested in-process; the
/// CLI command only wires options to these methods. Exit codes: 0 ok, 1 invalid configuration, 2 file not found or unreadable.
/// </summary>
public static class ConfigTool
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int NotFound = 2;

    /// <summary>
    /// The configuration used when --config is not given: hocon/local.conf under the current directory, else under
    /// the nearest ancestor of the program's folder that has one (the checkout, when run through ./rarlhf).
    /// </summary>
    public static string DefaultConfigPath()
    {
        var here = Path.Combine("hocon", "local.conf");
        if (File.Exists(here))
        {
            return here;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon", "local.conf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return here;
    }

    /// <summary>Prints the merged, resolved configuration as HOCON (default) or JSON, secrets redacted unless <paramref name="showSecrets"/>.</summary>
    public static int Show(string? configPath, IReadOnlyList<string> sets, bool json, TextWriter output, TextWriter error,
        Func<string, string?>? environment = null, bool showSecrets = false)
    {
        var path = configPath ?? DefaultConfigPath();
        var config = TryLoad(path, sets, error, environment, out var code);
        if (config is null)
        {
            return code;
        }

        if (!json)
        {
            output.WriteLine($"# merged and resolved from {path}{(sets.Count > 0 ? $" with {sets.Count} --set override(s)" : "")}");
        }

        output.Write(Hocon.HoconRenderer.Render(showSecrets ? config.Root : ConfigRedaction.Redact(config.Root), json));
        return Ok;
    }

    /// <summary>Parses, resolves and validates; prints "valid" or one line per problem.</summary>
    public static int Validate(string? configPath, IReadOnlyList<string> sets, TextWriter output, TextWriter error,
        Func<string, string?>? environment = null)
    {
        var path = configPath ?? DefaultConfigPath();
        var config = TryLoad(path, sets, error, environment, out var code);
        if (config is null)
        {
            return code;
        }

        try
        {
            RunSettings.Load(config);
        }
        catch (ConfigValidationException e)
        {
            foreach (var problem in e.Errors)
            {
                error.WriteLine($"error: {problem}");
            }

            error.WriteLine($"{path}: {e.Errors.Count} problem(s)");
            return Invalid;
        }

        var unknown = RunSettings.UnknownKeys(config);
        foreach (var warning in unknown)
        {
            error.WriteLine($"warning: {warning}");
        }

        output.WriteLine($"{path}: valid{(unknown.Count > 0 ? $" ({unknown.Count} unknown key(s), see warnings)" : "")}");
        return Ok;
    }

    private static Config? TryLoad(string path, IReadOnlyList<string> sets, TextWriter error, Func<string, string?>? environment, out int code)
    {
        code = Ok;
        try
        {
            return ConfigLoader.LoadFile(path, sets, environment);
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine($"error: {e.Message}");
            code = NotFound;
        }
        catch (HoconException e)
        {
            error.WriteLine($"error: {e.Message}");
            code = Invalid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read configuration from {path}: {e.Message}");
            code = NotFound;
        }

        return null;
    }
}
