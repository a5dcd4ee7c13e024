using System.Text.Json;

namespace RaRlhf.Cli.Tests;

public sealed class ConfigCommandTests
{
    [Fact]
    public void ConfigShow_Json_ParsesAndHoldsPpoCliprange()
    {
        var (code, stdout, stderr) = CliRunner.Run("config", "show", "--json");
        Assert.True(code == 0, $"config show failed ({code}): {stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(0.2, json.RootElement.GetProperty("ppo").GetProperty("cliprange").GetDouble(), 12);
    }

    [Fact]
    public void ConfigValidate_AlphaAboveOne_ExitsNonZeroNamingTheKey()
    {
        var (code, stdout, stderr) = CliRunner.Run("config", "validate", "--set", "risk.alpha=3");
        Assert.NotEqual(0, code);
        Assert.Contains("risk.alpha", stderr, StringComparison.Ordinal);
        Assert.Contains("must be in (0, 1]", stderr, StringComparison.Ordinal);
    }
}
