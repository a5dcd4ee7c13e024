using System.Text.Json;
using RaRlhf.Cli.Jobs;
using RaRlhf.Models;
using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests;

/// <summary>`train` with <c>pipeline.reward_scorers = 3</c> on the tiny classifier reward: three scorer actors share one
/// <see cref="RaRlhf.Actors.Pipeline.Rewards.ClassifierReward"/> concurrently and the run equals the one-scorer run.</summary>
public sealed class TrainRewardScorersTests(ITestOutputHelper log)
{
    private readonly TrainFixture _assets = new();

    [Fact]
    public async Task RunAsync_ThreeRewardScorers_SameScoresAndWeightsAsOne()
    {
        var (one, three) = (_assets.NewRun(), _assets.NewRun());

        Assert.Equal(0, await RunAsync(one, "run.iterations=2"));
        Assert.Equal(0, await RunAsync(three, "run.iterations=2", "pipeline.reward_scorers=3"));

        log.WriteLine($"reward_mean one scorer {Rewards(one)}, three {Rewards(three)}");
        Assert.Equal(Rewards(one), Rewards(three));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "model", Gpt2Checkpoint.WeightsFile)),
            File.ReadAllBytes(Path.Combine(three, "model", Gpt2Checkpoint.WeightsFile)));
    }

    private static string Rewards(string run) => string.Join(",", File.ReadAllLines(Path.Combine(run, "metrics", "iterations.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reward_mean").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<int> RunAsync(string run, params string[] overrides)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await TrainJob.RunAsync(_assets.Request(run, output, error, overrides), CancellationToken.None);
        log.WriteLine(output.ToString());
        log.WriteLine(error.ToString());
        return code;
    }
}
