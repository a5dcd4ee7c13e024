namespace RaRlhf.Cli.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_MissingAssets_Exit2NamingTheFileAndPrepare()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rarlhf-demo-cli-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = CliRunner.Run("demo", "imdb", "--quick", "--assets", Path.Combine(dir, "assets"), "--run", Path.Combine(dir, "run"));

        Assert.True(code == 2, $"exit {code}: {stdout}{stderr}");
        Assert.Contains(Path.Combine(dir, "assets", "tokenizer", "tokenizer.json"), stderr, StringComparison.Ordinal);
        Assert.Contains("./rarlhf prepare imdb", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
    }

    [Fact]
    public void Demo_UnknownTask_Exit2ListingTheKnownTasks()
    {
        var (code, _, stderr) = CliRunner.Run("demo", "sst2");

        Assert.Equal(2, code);
        Assert.Contains("unknown task 'sst2'", stderr, StringComparison.Ordinal);
        Assert.Contains("imdb, jigsaw, rtp", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Experiment_ZeroSeeds_Exit2()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rarlhf-exp-cli-" + Guid.NewGuid().ToString("N"));
        var (code, _, stderr) = CliRunner.Run("experiment", "imdb", "--seeds", "0", "--run", dir);

        Assert.Equal(2, code);
        Assert.Contains("--seeds must be ≥ 1", stderr, StringComparison.Ordinal);
    }
}
