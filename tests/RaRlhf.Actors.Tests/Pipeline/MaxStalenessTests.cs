using System.Text.Json;
using RaRlhf.Actors.Persistence.Sqlite;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// Max staleness s &gt; 0 on the tiny run: workers run ahead of the learner; every iteration is journaled once, learns
/// from rollouts at most s versions old, and withheld policy announcements make stale rollouts that are dropped,
/// counted and regenerated.
/// </summary>
public sealed class MaxStalenessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_StalenessOneTwoWorkers_EveryIterationOnceWithLagOneAndLaggedLoopWeights()
    {
        const int iterations = 6;
        using var dir = new TempRunDirectory();
        RunProgress progress;
        float[] actual;
        List<JsonElement> rows;
        await using (var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m) with { MaxStaleness = 1, RolloutWorkers = 2 }))
        {
            progress = await pipeline.RunAsync();
            rows = MetricsRows(pipeline.MetricsPath);
            actual = await pipeline.LoadPolicyAsync(progress.Policy);
        }

        Assert.Equal(iterations, progress.Policy.Version);
        Assert.Equal(Enumerable.Range(0, iterations), rows.Select(r => r.GetProperty("iteration").GetInt32()));
        // Iteration m ≥ 1 is dispatched right after the learner published v = m − 1, while it learns m − 1.
        Assert.Equal(Enumerable.Range(0, iterations).Select(m => Math.Min(m, 1.0)), rows.Select(r => Stat(r, Coordinator.Staleness)));
        Assert.All(rows, r => Assert.Equal(0, Stat(r, Coordinator.StaleDropped)));
        await AssertJournalsHoldEachIterationOnceAsync(dir.Path, iterations, seed: 3);

        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m, lag: 1);
        output.WriteLine($"s=1, 2 workers vs lag-1 direct loop: max |Δw| = {actual.Zip(expected, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Run_AnnouncementsWithheld_StaleRolloutsAreDroppedCountedAndRegenerated()
    {
        const int iterations = 5, s = 1;
        using var dir = new TempRunDirectory();
        var options = TinyRun.Options(dir.Path, iterations) with { MaxStaleness = s, RolloutWorkers = 2, WithholdAnnouncement = v => v >= 1 };
        await using var pipeline = LocalPipeline.Start(options);
        var progress = await pipeline.RunAsync();
        var rows = MetricsRows(pipeline.MetricsPath);
        var dropped = rows.Select(r => Stat(r, Coordinator.StaleDropped)).ToList();
        output.WriteLine($"stale_dropped per iteration: {string.Join(' ', dropped)}; staleness: {string.Join(' ', rows.Select(r => Stat(r, Coordinator.Staleness)))}");

        Assert.Equal(iterations, progress.Policy.Version);
        Assert.Equal(Enumerable.Range(0, iterations), rows.Select(r => r.GetProperty("iteration").GetInt32()));
        Assert.All(rows, r => Assert.InRange(Stat(r, Coordinator.Staleness), 0, s));
        // Announced only on a drop, so the workers are at v0 for iteration 2 (lag 2 > 1): at least that one is dropped.
        Assert.True(dropped[2] >= 1, "iteration 2 should have been dropped at least once");
        Assert.True(dropped.Sum() >= 2, $"expected several drops, got {dropped.Sum()}");
    }

    [Fact]
    public async Task Run_StalenessOneStoppedAndRestarted_ResumesWithUninterruptedWeights()
    {
        const int iterations = 6, k = 3;
        using var dir = new TempRunDirectory();
        var options = TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m) with { MaxStaleness = 1 };
        await using (var first = LocalPipeline.Start(options))
        {
            Assert.Equal(k, (await first.RunAsync(until: k)).CompletedIterations);
        }

        var seen = new List<int>();
        float[] actual;
        await using (var second = LocalPipeline.Start(options with { OnIteration = e => seen.Add(e.Iteration) }))
        {
            actual = await second.LoadPolicyAsync((await second.RunAsync()).Policy);
        }

        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m, lag: 1);
        Assert.Equal(Enumerable.Range(k, iterations - k), seen);
        output.WriteLine($"s=1 resumed at {k}: max |Δw| vs uninterrupted = {actual.Zip(expected, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Start_NegativeStaleness_Throws()
    {
        using var dir = new TempRunDirectory();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LocalPipeline.Start(TinyRun.Options(dir.Path, 2) with { MaxStaleness = -1 }));
        Assert.Contains("MaxStaleness", error.Message);
    }

    internal static List<JsonElement> MetricsRows(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    internal static double Stat(JsonElement row, string key) => row.GetProperty("stats").GetProperty(key).GetDouble();

    /// <summary>The coordinator journal has IterationCompleted 0…N−1 once each and a policy record for every version;
    /// the sampler issued each iteration once, and no prompt repeats within an epoch (every episode learned once).</summary>
    internal static async Task AssertJournalsHoldEachIterationOnceAsync(string directory, int iterations, ulong seed)
    {
        await using var store = SqlitePersistence.Open(directory, PipelinePayloads.Serializer());
        var coordinator = (await store.Journal.ReadAsync("coordinator", 1, long.MaxValue, 100_000)).Select(e => e.Event).ToList();
        Assert.Equal(Enumerable.Range(0, iterations), coordinator.OfType<IterationCompleted>().Select(e => e.Iteration));
        Assert.Equal(Enumerable.Range(0, iterations + 1).Select(v => (long)v), coordinator.OfType<PolicyRecorded>().Select(p => p.Version).Distinct().Order());
        var issued = (await store.Journal.ReadAsync("prompt-sampler", 1, long.MaxValue, 100_000)).Select(e => (PromptsIssued)e.Event).ToList();
        Assert.Equal(Enumerable.Range(0, iterations), issued.Select(e => e.Iteration));
        foreach (var epoch in issued.GroupBy(e => e.Epoch))
        {
            var indices = epoch.SelectMany(e => PromptOrder.Batch(TinyRun.PromptCount, seed, e.Epoch, e.Start, e.Count)).ToList();
            Assert.Equal(indices.Count, indices.Distinct().Count());
        }
    }
}
