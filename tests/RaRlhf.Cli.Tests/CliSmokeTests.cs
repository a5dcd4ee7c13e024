namespace RaRlhf.Cli.Tests;

public sealed class CliSmokeTests
{
    [Fact]
    public void Help_ListsEveryDiscoveredCommand()
    {
        var (code, stdout, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("info", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommand_ExitsNonZeroWithMessage()
    {
        var (code, _, stderr) = CliRunner.Run("no-such-command");
        Assert.NotEqual(0, code);
        Assert.Contains("no-such-command", stderr, StringComparison.Ordinal);
    }
}
