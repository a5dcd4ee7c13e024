using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence.Sqlite;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Rl.Training;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// The crash window between the learner's snapshot and the coordinator's journal append, made deterministic: after
/// k journaled iterations, iteration k is driven by hand through the roles (the learner snapshots it) without the
/// coordinator. A restarted pipeline must adopt k, not apply it again, and end with the uninterrupted weights.
/// </summary>
public sealed class CoordinatorRecoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_LearnerAheadOfJournal_AdoptsIterationAndEndsWithUninterruptedWeights()
    {
        const int iterations = 5, k = 2;
        using var dir = new TempRunDirectory();
        var options = TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m);
        await using (var first = LocalPipeline.Start(options))
        {
            await first.RunAsync(until: k);
        }

        await ApplyIterationWithoutCoordinatorAsync(options, k);

        var seen = new List<int>();
        await using var second = LocalPipeline.Start(options with { OnIteration = e => seen.Add(e.Iteration) });
        var progress = await second.RunAsync();
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m);

        Assert.Equal(Enumerable.Range(k + 1, iterations - k - 1), seen);
        Assert.Equal(iterations, File.ReadAllLines(second.MetricsPath).Length);
        Assert.Equal(expected, await second.LoadPolicyAsync(progress.Policy));
        // The adopted iteration's metrics come from the learner's snapshot: they still carry the staleness.
        var adopted = File.ReadAllLines(second.MetricsPath)[k];
        using var row = System.Text.Json.JsonDocument.Parse(adopted);
        Assert.Equal(0, MaxStalenessTests.Stat(row.RootElement, Coordinator.Staleness));
    }

    private static async Task ApplyIterationWithoutCoordinatorAsync(PipelineOptions o, int m)
    {
        await using var store = SqlitePersistence.Open(o.RunDirectory, PipelinePayloads.Serializer());
        await using var system = new ActorSystem("by-hand", Logger.None);
        var sampler = system.Spawn("s", () => new PromptSampler(store.Journal, store.Snapshots, o.Prompts, o.Seed));
        var scheduler = system.Spawn("r", () => new RiskScheduler(store.Journal, store.Snapshots, o.Risk));
        var worker = system.Spawn("w", () => new RolloutWorker(store.Blobs, o.CreatePolicy, o.Sampling, o.Seed));
        var scorer = system.Spawn("x", () => new RewardScorer(o.Reward, o.Decode));
        var learner = system.Spawn("l", () => new PpoLearner(store.Snapshots, store.Blobs,
            () => new PpoTrainer(o.CreatePolicy(), o.CreateReference(), o.Ppo)));

        var status = await learner.AskAsync<LearnerStatus>(new QueryLearner(), Timeout);
        Assert.Equal(m, status.Policy.Version);
        await worker.TellAsync(status.Policy);
        var prompts = await sampler.AskAsync<PromptBatch>(new NextPrompts(m, o.Ppo.BatchSize), Timeout);
        var risk = await scheduler.AskAsync<RiskLevel>(new RiskLevelFor(m), Timeout);
        var rollouts = await worker.AskAsync<Rollouts>(new Generate(prompts, m), Timeout);
        var scored = await scorer.AskAsync<ScoredRollouts>(new Score(rollouts), Timeout);
        var learned = await learner.AskAsync<LearnerStatus>(new Learn(scored, risk), Timeout);
        Assert.Equal(m + 1, learned.Policy.Version);
        await system.ShutdownAsync(ShutdownMode.Drain, Timeout);
    }
}
