namespace RaRlhf.Cli.Tests;

public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("bench")]
    [InlineData("bench", "gemm")]
    public void BenchHelp_ExitsZeroAndDescribesTheCommand(params string[] command)
    {
        var (code, stdout, stderr) = CliRunner.Run([.. command, "--help"]);
        Assert.True(code == 0, $"{string.Join(' ', command)} --help failed ({code}): {stderr}");
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', command), stdout, StringComparison.Ordinal);
    }
}
