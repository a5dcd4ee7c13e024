using RaRlhf.Cli.Tests.Training;
using RaRlhf.Models;

namespace RaRlhf.Cli.Tests;

public sealed class TrainCommandTests
{
    [Fact]
    public void Train_TinyTwoIterations_Exit0WithProgressLinesAndModelDirectory()
    {
        var run = Path.Combine(TinyTraining.TempDir(), "tiny");

        var (code, stdout, stderr) = CliRunner.Run("train", "--run", run, "--tiny", "--set", "run.iterations=2", "--set", "logging.console.enabled=off");

        Assert.True(code == 0, stderr);
        Assert.Contains("iteration 2/2 reward_mean", stdout);
        Assert.Contains("done: 2/2 iterations, policy v2", stdout);
        Assert.Equal(2, Gpt2Checkpoint.Load(Path.Combine(run, "model"), Gpt2Heads.Value, requireHeads: true).Config.NLayer);
    }

    [Fact]
    public void Train_WithoutRun_Exit1FromParser()
    {
        var (code, _, stderr) = CliRunner.Run("train", "--tiny");

        Assert.NotEqual(0, code);
        Assert.Contains("--run", stderr);
    }
}
