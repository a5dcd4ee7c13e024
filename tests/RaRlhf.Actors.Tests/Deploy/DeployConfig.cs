using System.Text.RegularExpressions;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>deploy/config/cluster.conf: its text, the environment variables it reads, and a parse of it.</summary>
internal static partial class DeployConfig
{
    public static string Path => System.IO.Path.Combine(YamlFiles.DeployDir, "config", "cluster.conf");

    public static string Text => File.ReadAllText(Path);

    /// <summary>The RARLHF_* variables read by <c>${?NAME}</c>.</summary>
    public static IReadOnlyList<string> EnvironmentVariables() =>
        OptionalSubstitution().Matches(Text).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>The configuration as a node in the image would load it: /app/hocon/ is the repository's hocon/.</summary>
    public static RaRlhf.Actors.Configuration.Config Load(Func<string, string?> environment)
    {
        var hocon = System.IO.Path.Combine(TestData.RepoRoot, "hocon") + "/";
        var text = Text.Replace("/app/hocon/", hocon, StringComparison.Ordinal);
        return RaRlhf.Actors.Configuration.ConfigLoader.Parse(text, Path, environment: environment);
    }

    [GeneratedRegex(@"\$\{\?(RARLHF_[A-Z0-9_]+)\}")]
    private static partial Regex OptionalSubstitution();
}
