using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence.Sqlite;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Rl.Risk;
using RaRlhf.Rl.Training;
using Serilog.Core;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// The CvarFilter role: its answer against <see cref="CvarFilter.Select"/> and a naive threshold rule, and the learner
/// really asking it (a counting filter between learner and role sees one batch per iteration; a filter that answers
/// "keep all" turns an α = 0.5 run into the α = 1 run).
/// </summary>
public sealed class CvarFilterRoleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ask_ReturnsWithTiesAtThreshold_KeepsEveryTieAsSelect()
    {
        float[] returns = [3f, 1f, 2f, 2f, 5f, 2f, -0.5f, 2f];
        await using var system = new ActorSystem("cvar", Logger.None);
        var filter = system.Spawn("cvar-filter", () => new CvarFilterRole());

        var answer = await filter.AskAsync<FilteredBatch>(new EvaluatedBatch(7, returns, new float[returns.Length], KeepCount: 3), Timeout);

        // Naive rule: the 3rd smallest return is 2, so every episode with return ≤ 2 is kept (6 of 8: four ties).
        var threshold = returns.Order().ElementAt(2);
        Assert.Equal(returns.Select(r => r <= threshold), answer.Selection.Kept);
        Assert.Equal(6, answer.Selection.KeptCount);
        Assert.Equal(2.0, answer.Selection.ValueAtRisk);
        Assert.Equal(7, answer.Iteration);
        var direct = CvarFilter.Select(returns, new float[returns.Length], 3);
        Assert.Equal(direct.Kept, answer.Selection.Kept);
        Assert.Equal(direct with { Kept = answer.Selection.Kept }, answer.Selection);
    }

    [Fact]
    public async Task Run_LearnerWithCountingFilter_OneFilterMessagePerIterationAndDirectLoopWeights()
    {
        const int iterations = 4;
        var seen = new List<int>();
        var weights = await RunByHandAsync(iterations, alpha: 0.5m, seen, keepAll: false);
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m);

        Assert.Equal(Enumerable.Range(0, iterations), seen);
        Assert.Equal(expected, weights);
    }

    [Fact]
    public async Task Run_FilterAnsweringKeepAll_LearnerAppliesItsAnswer()
    {
        const int iterations = 4;
        var weights = await RunByHandAsync(iterations, alpha: 0.5m, [], keepAll: true);
        var (riskAverse, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m);
        var (plain, _) = DirectLoop.Run(iterations, seed: 3, alpha: 1m);

        output.WriteLine($"keep-all filter vs α=0.5 direct: max |Δw| = {weights.Zip(riskAverse, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.NotEqual(riskAverse, weights);
        Assert.Equal(plain, weights);
    }

    /// <summary>The tiny run through a <see cref="Coordinator"/> whose learner asks a <see cref="CountingFilter"/>
    /// (which forwards to a real <see cref="CvarFilterRole"/>, optionally asking it for B0 = B instead).</summary>
    private static async Task<float[]> RunByHandAsync(int iterations, decimal alpha, List<int> seen, bool keepAll)
    {
        using var dir = new TempRunDirectory();
        var o = TinyRun.Options(dir.Path, iterations, seed: 3, alpha);
        await using var store = SqlitePersistence.Open(o.RunDirectory, PipelinePayloads.Serializer());
        await using var system = new ActorSystem("by-hand", Logger.None);
        var real = system.Spawn("cvar-filter", () => new CvarFilterRole());
        var counting = system.Spawn("counting-filter", () => new CountingFilter(real, seen, keepAll ? o.Ppo.BatchSize : null));
        var roles = new PipelineRoles(
            system.Spawn("s", () => new PromptSampler(store.Journal, store.Snapshots, o.Prompts, o.Seed)),
            system.Spawn("r", () => new RiskScheduler(store.Journal, store.Snapshots, o.Risk)),
            system.Spawn("w", () => new RolloutWorker(store.Blobs, o.CreatePolicy, o.Sampling, o.Seed)),
            [system.Spawn("x", () => new RewardScorer(o.Reward, o.Decode))],
            system.Spawn("l", () => new PpoLearner(store.Snapshots, store.Blobs,
                () => new PpoTrainer(o.CreatePolicy(), o.CreateReference(), o.Ppo), counting)));
        var coordinator = system.Spawn("c", () => new Coordinator(store.Journal, store.Snapshots, roles, o.Ppo.BatchSize,
            new IterationLog(o.RunDirectory, o.RunName), Timeout));

        var progress = await coordinator.AskAsync<RunProgress>(new RunIterations(iterations), Timeout);
        var bytes = await store.Blobs.GetAsync(RaRlhf.Actors.Persistence.BlobId.Parse(progress.Policy.BlobId));
        await system.ShutdownAsync(ShutdownMode.Drain, Timeout);
        var policy = o.CreatePolicy();
        PolicyBlob.DecodeInto(bytes, policy);
        return policy.Parameters.ToArray();
    }

    /// <summary>Records each batch's iteration and forwards it to the real filter (with B0 replaced when asked to).</summary>
    private sealed class CountingFilter(ActorRef target, List<int> seen, int? keepCount) : Actor
    {
        protected override async Task ReceiveAsync(object message)
        {
            var batch = (EvaluatedBatch)message;
            seen.Add(batch.Iteration);
            Respond(await target.AskAsync<FilteredBatch>(keepCount is { } k ? batch with { KeepCount = k } : batch, Timeout));
        }
    }
}
