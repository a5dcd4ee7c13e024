using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Wraps <see cref="PpoTrainer"/>. Policy version = PPO steps applied. After every step it saves a snapshot (weights,
/// Adam, β, step, score moments, and the step's <see cref="IterationCompleted"/>) at sequence number = version, then
/// deletes the older snapshots, puts the weights blob and answers with the event. On start it restores the latest snapshot and publishes its policy.
/// A <see cref="Learn"/> for the iteration it already applied returns the recorded result (at-least-once delivery).
/// A step is two halves around the CvarFilter actor: the trainer evaluates the batch (forwards, shaped rewards, GAE →
/// episode returns), the learner asks <paramref name="cvarFilter"/> with B0 of the iteration's risk level
/// (<see cref="EvaluatedBatch"/> → <see cref="FilteredBatch"/>) and finishes the step with that selection. Without a
/// filter reference it spawns its own sibling <c>NAME-cvar-filter</c>. Iteration m is learned from rollouts of policy v
/// with 0 ≤ m − v ≤ <paramref name="maxStaleness"/> (the old log-probs are recomputed with the current weights).
/// </summary>
public sealed class PpoLearner(ISnapshotStore snapshots, IBlobStore blobs, Func<PpoTrainer> createTrainer,
    ActorRef? cvarFilter = null, int maxStaleness = 0) : Actor
{
    public const string PersistenceId = "ppo-learner";

    private static readonly TimeSpan FilterTimeout = TimeSpan.FromMinutes(5);

    private PpoTrainer? _trainer;
    private IterationCompleted? _last;
    private PolicyPublished? _policy;
    private ActorRef? _filter = cvarFilter;

    private PpoTrainer Trainer => _trainer ?? throw new InvalidOperationException("the learner has not started");

    protected override async Task PreStartAsync()
    {
        _trainer = createTrainer();
        if (_filter is null)
        {
            var name = $"{Context.Self.Name}-cvar-filter";
            _filter = Context.System.Lookup(name) ?? Context.System.Spawn(name, () => new CvarFilterRole());
        }

        if (await snapshots.LoadLatestAsync(PersistenceId, Context.Stopping) is { } selected)
        {
            var (state, last) = LearnerSnapshot.Decode((byte[])selected.Snapshot, $"{PersistenceId}@{selected.Metadata.SequenceNr}");
            _trainer.Restore(state);
            _last = last;
        }

        _policy = await PublishAsync();
    }

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case QueryLearner:
                Respond(new LearnerStatus(_policy!, _last));
                break;
            case Learn learn:
                Respond(await LearnAsync(learn));
                break;
            default:
                throw new InvalidOperationException($"{nameof(PpoLearner)} cannot handle {message.GetType().Name}");
        }
    }

    private async Task<LearnerStatus> LearnAsync(Learn learn)
    {
        var m = learn.Scored.Rollouts.Iteration;
        if (_last is { } done && done.Iteration == m)
        {
            return new LearnerStatus(_policy!, done);
        }

        var lag = Trainer.StepCount - learn.Scored.Rollouts.PolicyVersion;
        if (m != Trainer.StepCount || lag < 0 || lag > maxStaleness)
        {
            throw new InvalidOperationException(
                $"learn iteration {m} from policy v{learn.Scored.Rollouts.PolicyVersion}: the learner is at v{Trainer.StepCount} and only takes iteration {Trainer.StepCount} " +
                $"from policies v{Math.Max(0, Trainer.StepCount - maxStaleness)}…v{Trainer.StepCount} (max staleness {maxStaleness})");
        }

        var r = learn.Scored.Rollouts;
        var stepClock = System.Diagnostics.Stopwatch.StartNew();
        var pending = Trainer.Evaluate(new PpoEpisodes(r.PromptIds, r.ResponseIds, learn.Scored.Scores));
        var filtered = await _filter!.AskAsync<FilteredBatch>(
            new EvaluatedBatch(m, pending.EpisodeReturns, pending.Scores, learn.Risk.KeepCount), FilterTimeout, Context.Stopping);
        if (filtered.Iteration != m)
        {
            throw new InvalidOperationException($"the CvarFilter answered iteration {filtered.Iteration} to the learner's iteration {m}");
        }

        var report = Trainer.Finish(pending, filtered.Selection);
        var metrics = report.Stats.Concat(learn.Scored.Extra).Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        metrics["risk/alpha"] = learn.Risk.Alpha;
        // The learner knows the lag too: an iteration the coordinator adopts from the snapshot after a crash keeps it.
        metrics[Coordinator.Staleness] = lag;
        metrics[Coordinator.StepSeconds] = stepClock.Elapsed.TotalSeconds;
        var completed = new IterationCompleted(m, Trainer.StepCount, learn.Risk.KeepCount, metrics);
        await snapshots.SaveAsync(PersistenceId, Trainer.StepCount, LearnerSnapshot.Encode(Trainer.Capture(), completed), Context.Stopping);
        // Recovery reads only the latest snapshot; older ones (weights + Adam moments, 12 bytes a parameter) would
        // otherwise grow the store by that much every iteration.
        await snapshots.DeleteUpToAsync(PersistenceId, Trainer.StepCount - 1, Context.Stopping);
        _last = completed;
        _policy = await PublishAsync();
        // Rollouts may come from the newest maxStaleness + 1 versions, and a restart re-dispatches in-flight iterations with them.
        await PolicyBlobPruning.PruneAsync(blobs, Trainer.StepCount, keep: maxStaleness + 1, cancellation: Context.Stopping);
        Context.Logger.Information("Iteration {Iteration} applied, policy {PolicyVersion}", m, Trainer.StepCount);
        return new LearnerStatus(_policy, completed);
    }

    private async Task<PolicyPublished> PublishAsync()
    {
        var bytes = PolicyBlob.Encode(Trainer.Policy, Trainer.StepCount);
        var id = await blobs.PutAsync(bytes, Context.Stopping);
        return new PolicyPublished(Trainer.StepCount, id.Sha256, BlobId.Of(bytes).Sha256);
    }
}
