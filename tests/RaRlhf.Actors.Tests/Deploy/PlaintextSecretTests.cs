using System.Text.RegularExpressions;
using RaRlhf.Actors.Security;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>No packaging file holds a password: only references to the environment or to secrets.</summary>
public sealed partial class PlaintextSecretTests
{
    private static IEnumerable<string> Files() =>
        Directory.GetFiles(YamlFiles.DeployDir, "*", SearchOption.AllDirectories)
            .Append(Path.Combine(TestData.RepoRoot, "Dockerfile"))
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal));

    /// <summary>A value that is a reference, not a secret: ${VAR…}, $(VAR) or empty.</summary>
    private static bool IsReference(string value) => value.Length == 0 || value.StartsWith("${", StringComparison.Ordinal) ||
                                                     value.StartsWith("$(", StringComparison.Ordinal);

    [Fact]
    public void Files_UriPasswordsAndPasswordKeys_AreOnlyReferences()
    {
        var found = new List<string>();
        foreach (var file in Files())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in UriPassword().Matches(lines[i]))
                    if (!IsReference(m.Groups[1].Value)) found.Add($"{file}:{i + 1}: URI password '{m.Groups[1].Value}'");
                foreach (Match m in KeyPassword().Matches(lines[i]))
                    if (!IsReference(m.Groups[2].Value.Trim('"', '\''))) found.Add($"{file}:{i + 1}: {m.Groups[1].Value} = '{m.Groups[2].Value}'");
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void Scanner_PlantedPassword_IsFound()
    {
        // The scan above can fail: the same patterns catch a planted secret.
        Assert.Matches(UriPassword(), "RARLHF_BROKER: amqp://rarlhf:hunter2@rabbitmq:5672/");
        Assert.False(IsReference(UriPassword().Match("amqp://rarlhf:hunter2@rabbitmq").Groups[1].Value));
        Assert.False(IsReference(KeyPassword().Match("      POSTGRES_PASSWORD: hunter2").Groups[2].Value));
        Assert.False(IsReference(KeyPassword().Match("Host=pg;Password=hunter2;Database=x").Groups[2].Value));
        Assert.True(SecretRedactor.ContainsSecret("Host=pg;Password=hunter2;Database=x"));
    }

    [GeneratedRegex(@"://[^:/@\s]+:([^@\s]*)@")]
    private static partial Regex UriPassword();

    // KEY: value or KEY=value where the key names a password/secret/API key (env lists, HOCON, connection strings).
    [GeneratedRegex(@"(?i)\b([A-Z_]*(?:PASSWORD|PASS|PWD|SECRET|API_KEY))\s*[:=](?![?-])\s*(""[^""]*""|'[^']*'|[^\s;#,}]*)")]
    private static partial Regex KeyPassword();
}
