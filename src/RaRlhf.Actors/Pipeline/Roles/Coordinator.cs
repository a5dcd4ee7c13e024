using System.Diagnostics;
using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Drives the synchronous loop (max staleness 0): prompts → risk level → rollouts with the current policy → scores →
/// PPO step → publish, one iteration at a time, journaling each <see cref="IterationCompleted"/>. Before running it
/// reconciles with the learner: an iteration the learner snapshotted but the journal missed (crash in between) is
/// adopted, so no iteration is lost or applied twice.
/// </summary>
public sealed class Coordinator(
    IEventJournal journal,
    ISnapshotStore snapshots,
    PipelineRoles roles,
    int batchSize,
    IterationLog log,
    TimeSpan askTimeout,
    Action<IterationCompleted>? onIteration = null) : PersistentActor(journal, snapshots)
{
    /// <summary>Wall-clock seconds of the iteration's stages, added to its metrics: prompts + risk level + rollouts,
    /// reward scoring, the learner's PPO step (snapshot and publish included).</summary>
    public const string GenerateSeconds = "time/pipeline/generate", ScoreSeconds = "time/pipeline/score", LearnSeconds = "time/pipeline/learn";

    private readonly List<IterationCompleted> _completed = [];

    public override string PersistenceId => "coordinator";

    protected override async Task ReceiveAsync(object message)
    {
        if (message is not RunIterations run)
        {
            throw new InvalidOperationException($"{nameof(Coordinator)} cannot handle {message.GetType().Name}");
        }

        var ct = Context.Stopping;
        var status = await roles.Learner.AskAsync<LearnerStatus>(new QueryLearner(), askTimeout, ct);
        if (status.Last is { } adopted && adopted.Iteration == _completed.Count)
        {
            Context.Logger.Warning("Adopting iteration {Iteration} the learner applied before the journal recorded it", adopted.Iteration);
            await PersistAsync(adopted);
        }

        if (status.Policy.Version != _completed.Count)
        {
            throw new InvalidOperationException(
                $"the learner holds policy v{status.Policy.Version} but the coordinator journal has {_completed.Count} iterations; the run directory is inconsistent");
        }

        await log.WriteAsync(_completed, ct);
        var policy = status.Policy;
        await roles.Worker.TellAsync(policy, ct);
        while (_completed.Count < run.Until && !ct.IsCancellationRequested)
        {
            var m = _completed.Count;
            var clock = Stopwatch.StartNew();
            var prompts = await roles.Sampler.AskAsync<PromptBatch>(new NextPrompts(m, batchSize), askTimeout, ct);
            var risk = await roles.Scheduler.AskAsync<RiskLevel>(new RiskLevelFor(m), askTimeout, ct);
            var rollouts = await roles.Worker.AskAsync<Rollouts>(new Generate(prompts, policy.Version), askTimeout, ct);
            var generated = clock.Elapsed.TotalSeconds;
            var scored = await ScoreAsync(rollouts, ct);
            var rewarded = clock.Elapsed.TotalSeconds;
            var learned = await roles.Learner.AskAsync<LearnerStatus>(new Learn(scored, risk), askTimeout, ct);
            var done = clock.Elapsed.TotalSeconds;
            var completed = learned.Last! with
            {
                Metrics = new(learned.Last!.Metrics)
                {
                    [GenerateSeconds] = generated,
                    [ScoreSeconds] = rewarded - generated,
                    [LearnSeconds] = done - rewarded,
                },
            };
            await PersistAsync(completed);
            await log.WriteAsync(_completed, ct);
            onIteration?.Invoke(completed);
            policy = learned.Policy;
            await roles.Worker.TellAsync(policy, ct);
        }

        Respond(new RunProgress(_completed.Count, policy));
    }

    /// <summary>Scores contiguous chunks on every scorer at once and concatenates them in order; extra metrics are
    /// episode-weighted means of the chunks'.</summary>
    private async Task<ScoredRollouts> ScoreAsync(Rollouts rollouts, CancellationToken ct)
    {
        var n = Math.Min(roles.Scorers.Count, rollouts.Count);
        var chunks = Enumerable.Range(0, n).Select(i => (Start: i * rollouts.Count / n, End: (i + 1) * rollouts.Count / n)).ToArray();
        var asks = chunks.Select((c, i) => roles.Scorers[i].AskAsync<ScoredRollouts>(new Score(Slice(rollouts, c.Start, c.End)), askTimeout, ct));
        var parts = await Task.WhenAll(asks);
        var extra = parts.SelectMany((p, i) => p.Extra.Select(e => (e.Key, Weighted: e.Value * (chunks[i].End - chunks[i].Start))))
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Weighted) / rollouts.Count);
        return new ScoredRollouts(rollouts, parts.SelectMany(p => p.Scores).ToArray(), extra);
    }

    private static Rollouts Slice(Rollouts r, int start, int end) => r with
    {
        PromptIds = r.PromptIds.Skip(start).Take(end - start).ToArray(),
        ResponseIds = r.ResponseIds.Skip(start).Take(end - start).ToArray(),
        BehaviourLogProbs = r.BehaviourLogProbs.Skip(start).Take(end - start).ToArray(),
    };

    protected override void ApplyEvent(object @event) => _completed.Add((IterationCompleted)@event);
}
