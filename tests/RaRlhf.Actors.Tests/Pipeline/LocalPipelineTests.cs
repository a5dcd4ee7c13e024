using System.Text.Json;
using RaRlhf.Actors.Pipeline;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// The tiny run (random 2-layer 32-dim GPT-2, vocab 64, reward = count of token 5) through every role as an actor
/// with SQLite persistence, against a plain <see cref="RaRlhf.Rl.Training.PpoTrainer"/> loop (<see cref="DirectLoop"/>).
/// Exactness is bit for bit (tolerance 0): the same seed must give the same float32 weights.
/// </summary>
public sealed class LocalPipelineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_TinyTokenCountReward_MeanRewardIncreasesAndMetricsAreWritten()
    {
        const int iterations = 30;
        using var dir = new TempRunDirectory();
        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations));
        var progress = await pipeline.RunAsync();

        Assert.Equal(iterations, progress.CompletedIterations);
        Assert.Equal(iterations, progress.Policy.Version);
        var rows = File.ReadAllLines(pipeline.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, iterations), rows.Select(r => r.GetProperty("iteration").GetInt32()));
        foreach (var field in new[] { "run", "reward_mean", "kl", "kl_coef", "b0" })
        {
            Assert.All(rows, r => Assert.True(r.TryGetProperty(field, out _), $"metrics line lacks '{field}'"));
        }

        var rewards = rows.Select(r => r.GetProperty("reward_mean").GetDouble()).ToList();
        double first = rewards.Take(5).Average(), last = rewards.TakeLast(5).Average();
        output.WriteLine($"mean reward first 5 iterations {first:F3}, last 5 {last:F3}");
        Assert.True(last > first + 1.0, $"mean reward should rise by > 1 token: {first:F3} → {last:F3}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public async Task Run_SynchronousMode_SameWeightsAsDirectTrainerLoop(double alpha)
    {
        const int iterations = 6;
        var (expected, expectedRewards) = DirectLoop.Run(iterations, seed: 3, (decimal)alpha);
        using var dir = new TempRunDirectory();
        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations, seed: 3, (decimal)alpha));
        var progress = await pipeline.RunAsync();
        var actual = await pipeline.LoadPolicyAsync(progress.Policy);

        var rewards = File.ReadAllLines(pipeline.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reward_mean").GetDouble());
        output.WriteLine($"α={alpha}: max |Δw| = {MaxAbsDiff(expected, actual)} over {expected.Length} weights");
        Assert.Equal(expectedRewards, rewards);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Run_ThreeRewardScorers_SameWeightsAsDirectTrainerLoop()
    {
        const int iterations = 4;
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 1m);
        using var dir = new TempRunDirectory();
        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations) with { RewardScorers = 3 });
        var progress = await pipeline.RunAsync();

        Assert.Equal(expected, await pipeline.LoadPolicyAsync(progress.Policy));
    }

    [Fact]
    public async Task Run_StoppedAfterKIterationsAndRestarted_ResumesAtKWithSameWeights()
    {
        const int iterations = 7, k = 3;
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m);
        using var dir = new TempRunDirectory();
        await using (var first = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m)))
        {
            Assert.Equal(k, (await first.RunAsync(until: k)).CompletedIterations);
        }

        var seen = new List<int>();
        var options = TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m) with { OnIteration = e => seen.Add(e.Iteration) };
        await using var second = LocalPipeline.Start(options);
        var progress = await second.RunAsync();
        var actual = await second.LoadPolicyAsync(progress.Policy);

        Assert.Equal(Enumerable.Range(k, iterations - k), seen);
        Assert.Equal(iterations, File.ReadAllLines(second.MetricsPath).Length);
        output.WriteLine($"resumed at {seen[0]}: max |Δw| vs uninterrupted = {MaxAbsDiff(expected, actual)}");
        Assert.Equal(expected, actual);
    }

    private static float MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
}
