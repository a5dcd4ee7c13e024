using System.Diagnostics;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Drives the run: prompts → risk level → rollouts → scores → PPO step → publish, journaling each
/// <see cref="IterationCompleted"/> and each policy's <see cref="PolicyRecorded"/> (version → blob). With max staleness 0
/// one iteration at a time with the current policy (synchronous, paper-exact); with s &gt; 0 up to s + 1 iterations are
/// in flight (<c>Coordinator.Ahead.cs</c>). Before running it reconciles with the learner: an iteration the learner
/// snapshotted but the journal missed (crash in between) is adopted, so no iteration is lost or applied twice.
/// </summary>
public sealed partial class Coordinator(
    IEventJournal journal,
    ISnapshotStore snapshots,
    PipelineRoles roles,
    int batchSize,
    IterationLog log,
    TimeSpan askTimeout,
    Action<IterationCompleted>? onIteration = null,
    int maxStaleness = 0,
    Func<long, bool>? withholdAnnouncement = null) : PersistentActor(journal, snapshots)
{
    /// <summary>Wall-clock seconds of the iteration's stages, added to its metrics: prompts + risk level + rollouts,
    /// reward scoring, the learner's PPO step (snapshot and publish included).</summary>
    public const string GenerateSeconds = "time/pipeline/generate", ScoreSeconds = "time/pipeline/score", LearnSeconds = "time/pipeline/learn";

    /// <summary>The learner's own PPO step (evaluate, CvarFilter, finish), without its snapshot and blob writes.</summary>
    public const string StepSeconds = "time/pipeline/step";

    /// <summary>Policy-version lag m − v of the rollouts iteration m learned from, and how many rollout batches of m
    /// were dropped as older than the max staleness (and regenerated) before.</summary>
    public const string Staleness = "pipeline/staleness", StaleDropped = "pipeline/stale_dropped";

    private readonly List<IterationCompleted> _completed = [];
    private readonly Dictionary<long, PolicyRecorded> _policies = [];

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
        await RecordAsync(status.Policy);
        await PublishAsync(status.Policy, ct);
        var policy = maxStaleness == 0 ? await RunSynchronousAsync(run.Until, status.Policy, ct) : await RunAheadAsync(run.Until, status.Policy, ct);
        Respond(new RunProgress(_completed.Count, policy));
    }

    private async Task<PolicyPublished> RunSynchronousAsync(int until, PolicyPublished policy, CancellationToken ct)
    {
        while (_completed.Count < until && !ct.IsCancellationRequested)
        {
            var m = _completed.Count;
            var clock = Stopwatch.StartNew();
            var prompts = await roles.Sampler.AskAsync<PromptBatch>(new NextPrompts(m, batchSize), askTimeout, ct);
            var risk = await roles.Scheduler.AskAsync<RiskLevel>(new RiskLevelFor(m), askTimeout, ct);
            var rollouts = await GenerateAsync(prompts, policy.Version, ct);
            var generated = clock.Elapsed.TotalSeconds;
            var scored = await ScoreAsync(rollouts, ct);
            var rewarded = clock.Elapsed.TotalSeconds;
            var learned = await roles.Learner.AskAsync<LearnerStatus>(new Learn(scored, risk), askTimeout, ct);
            await CompleteAsync(learned, new()
            {
                [GenerateSeconds] = generated,
                [ScoreSeconds] = rewarded - generated,
                [LearnSeconds] = clock.Elapsed.TotalSeconds - rewarded,
                [Staleness] = 0,
                [StaleDropped] = 0,
            }, ct);
            policy = learned.Policy;
            await PublishAsync(policy, ct);
        }

        return policy;
    }

    /// <summary>Journals the learner's iteration (with the coordinator's own metrics added) and its new policy in one
    /// atomic append, rewrites the metrics file and reports progress.</summary>
    private async Task CompleteAsync(LearnerStatus learned, Dictionary<string, double> extra, CancellationToken ct)
    {
        var metrics = new Dictionary<string, double>(learned.Last!.Metrics);
        foreach (var (key, value) in extra)
        {
            metrics[key] = value;
        }

        var completed = learned.Last with { Metrics = metrics };
        await PersistAllAsync([completed, PolicyRecorded.Of(learned.Policy)]);
        await log.WriteAsync(_completed, ct);
        onIteration?.Invoke(completed);
    }

    /// <summary>Journals the version → blob mapping of a policy unless it is already recorded as it is.</summary>
    private async Task RecordAsync(PolicyPublished policy)
    {
        if (_policies.TryGetValue(policy.Version, out var known))
        {
            if (known.Sha256 == policy.Sha256)
            {
                return;
            }

            Context.Logger.Warning("Policy {PolicyVersion} was recorded as blob {Recorded} but the learner republished it as {BlobId}; recording the new blob",
                policy.Version, known.BlobId, policy.BlobId);
        }

        await PersistAsync(PolicyRecorded.Of(policy));
    }

    protected override void ApplyEvent(object @event)
    {
        switch (@event)
        {
            case IterationCompleted completed:
                _completed.Add(completed);
                break;
            case PolicyRecorded policy:
                _policies[policy.Version] = policy;
                break;
            default:
                throw new InvalidOperationException($"{nameof(Coordinator)} journal holds an unexpected {@event.GetType().Name}");
        }
    }
}
