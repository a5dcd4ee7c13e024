using System.Diagnostics;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Transport;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// The learner of a cluster run. It collects the scored chunks of iteration m = policy version (holding their
/// deliveries unacknowledged), and once all are there takes one PPO step on them in chunk order — the same episodes
/// in the same order as the local pipeline — then: weights blob → snapshot at seq = version → journal
/// <see cref="IterationLearned"/> at seq m + 1 → status to the coordinator → PolicyPublished on the topic → ack.
/// A crash anywhere redoes the iteration from the last snapshot with the redelivered chunks, or (after the snapshot)
/// only repairs the journal. A chunk of an iteration already applied is acknowledged and answered with the recorded
/// status, a duplicate chunk replaces the held copy: each iteration is applied exactly once, identified by m.
/// </summary>
public sealed class LearnerRole(ClusterContext cx)
{
    private readonly Dictionary<int, (ScoredChunk Chunk, Delivery Delivery)> _held = [];
    private PpoTrainer _trainer = null!;
    private IterationLearned? _last;
    private Task _snapshot = Task.CompletedTask;

    public async Task RunAsync(CancellationToken ct)
    {
        await RecoverAsync(ct);
        await SendStatusAsync(ct);
        await using var consumer = await cx.Transport.ConsumeAsync(cx.Names.LearnQueue, cx.Settings.Chunks + 1, ct);
        while (_trainer.StepCount < cx.Iterations)
        {
            if (await cx.ReceiveOrIdleAsync(consumer, ct) is not { } delivery) continue;
            if (await cx.DecodeAsync<ScoredChunk>(consumer, delivery) is not { } scored) continue;
            await HandleAsync(consumer, delivery, scored, ct);
        }

        await _snapshot;
        cx.Progress($"learner done: {_trainer.StepCount} iterations, policy v{_last?.Policy.Version} (blob {_last?.Policy.BlobId})");
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        _trainer = ClusterWorkload.CreateTrainer(cx.Workload);
        var journaled = await cx.Journal.ReadHighestSequenceNrAsync(ClusterNames.LearnerId, ct);
        if (await cx.Snapshots.LoadLatestAsync(ClusterNames.LearnerId, ct) is { } selected)
        {
            var (state, learned) = ClusterLearnerSnapshot.Decode((byte[])selected.Snapshot, $"{ClusterNames.LearnerId}@{selected.Metadata.SequenceNr}");
            _trainer.Restore(state);
            _last = learned;
            if (journaled == learned.Iteration)
            {
                cx.Logger.Warning("Journaling iteration {Iteration}: the learner snapshotted it but died before the journal append", learned.Iteration);
                await cx.Journal.AppendAsync(ClusterNames.LearnerId, learned.Iteration, [learned], ct);
                journaled++;
            }
        }

        var snapshot = _trainer.StepCount;
        _last = await LearnerReplay.ReplayAsync(cx, _trainer, journaled, ct) ?? _last;
        if (journaled != _trainer.StepCount)
        {
            throw new InvalidOperationException(
                $"learner journal of schema {cx.Names.Schema} holds {journaled} iterations but the latest snapshot is at v{_trainer.StepCount}; the store is inconsistent (was it written by another run?)");
        }

        cx.Progress($"learner at policy v{_trainer.StepCount} (snapshot {snapshot}, {_trainer.StepCount - snapshot} steps replayed from the journal)");
    }

    private async Task HandleAsync(IQueueConsumer consumer, Delivery delivery, ScoredChunk scored, CancellationToken ct)
    {
        var work = scored.Work;
        var step = (int)_trainer.StepCount;
        if (work.Iteration < step)
        {
            // At-least-once delivery: a chunk of an applied iteration. Answer again (the coordinator may be waiting).
            cx.Logger.Information("Chunk {Chunk} of applied iteration {Iteration} acknowledged without learning", work.Id, work.Iteration);
            await SendStatusAsync(ct);
            await consumer.AckAsync(delivery, ct);
            return;
        }

        if (work.Iteration > step || work.Policy.Version != step || work.Chunks != cx.Settings.Chunks)
        {
            throw new InvalidOperationException(
                $"chunk {work.Id} (policy v{work.Policy.Version}, {work.Chunks} chunks) reached a learner at v{step} with cluster.chunks = {cx.Settings.Chunks}: only iteration {step} from policy v{step} can be learned (synchronous mode); do all nodes use the same config?");
        }

        if (_held.Remove(work.Chunk, out var older))
        {
            // Keep the newest delivery: after a broker restart the older one is void and a requeued copy is live.
            await consumer.AckAsync(older.Delivery, ct);
        }

        _held[work.Chunk] = (scored, delivery);
        if (_held.Count == work.Chunks)
        {
            await LearnAsync(step, ct);
            foreach (var (_, held) in _held) await consumer.AckAsync(held.Delivery, ct);
            _held.Clear();
        }
    }

    private async Task LearnAsync(int m, CancellationToken ct)
    {
        var chunks = _held.OrderBy(p => p.Key).Select(p => p.Value.Chunk).ToArray();
        var total = chunks.Sum(c => c.Scores.Length);
        var episodes = new PpoEpisodes(
            chunks.SelectMany(c => c.Work.Prompts).ToArray(),
            chunks.SelectMany(c => c.Rollout.ResponseIds).ToArray(),
            chunks.SelectMany(c => c.Scores).ToArray());
        var risk = chunks[0].Work.Risk;
        var clock = Stopwatch.StartNew();
        var report = _trainer.Step(episodes, risk.KeepCount);
        var stepped = clock.Elapsed;
        // Extra reward metrics: episode-weighted means of the chunks', as the local coordinator combines its scorers'.
        var extra = chunks.SelectMany(c => c.Extra.Select(e => (e.Key, Weighted: e.Value * c.Scores.Length)))
            .GroupBy(e => e.Key).Select(g => KeyValuePair.Create(g.Key, g.Sum(e => e.Weighted) / total));
        var metrics = report.Stats.Concat(extra).Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        metrics["risk/alpha"] = risk.Alpha;
        var completed = new IterationCompleted(m, _trainer.StepCount, risk.KeepCount, metrics);
        var policy = await ClusterWorkload.PublishAsync(cx.Blobs, _trainer.Policy, _trainer.StepCount, ct);
        var put = clock.Elapsed;
        var origins = chunks.Select(c => new ChunkOrigin(c.Work.Chunk, c.Rollout.RolloutNode, c.RewardNode, c.Rollout.Redelivered,
            Enumerable.Range(0, c.Scores.Length).Select(c.Work.EpisodeId).ToArray())).ToArray();
        var learned = new IterationLearned(m, policy, completed, origins,
            new LearnedEpisodes([.. episodes.Queries], [.. episodes.Responses], episodes.Scores, risk.KeepCount));
        // Rollout nodes may fetch the weights now: should this learner die before journaling, its successor learns
        // the iteration again from the redelivered chunks and gets the same blob (the step is deterministic).
        await cx.Transport.PublishAsync(cx.Names.PolicyTopic, cx.Codec.Encode(policy), ct);
        var published = clock.Elapsed;
        await cx.Journal.AppendAsync(ClusterNames.LearnerId, m, [learned], ct);
        var journaled = clock.Elapsed;
        _last = learned;
        await SendStatusAsync(ct);
        var sent = clock.Elapsed;
        await SnapshotAsync(learned, ct);
        // Version m is journaled: older policy blobs are needed by no one (a restored learner replays the journal, and
        // a redelivered rollout item naming a pruned version is acknowledged without generating).
        await Pipeline.PolicyBlobPruning.PruneAsync(cx.Blobs, _trainer.StepCount, cancellation: ct);
        cx.Progress($"learned iteration {m} from {string.Join(' ', origins.Select(o => $"{o.Chunk}@{o.RolloutNode}{(o.Redelivered ? "(redelivered)" : "")}"))}: policy v{policy.Version}; " +
                    $"ms step {stepped.TotalMilliseconds:F0} blob {(put - stepped).TotalMilliseconds:F0} publish {(published - put).TotalMilliseconds:F0} " +
                    $"journal {(journaled - published).TotalMilliseconds:F0} status {(sent - journaled).TotalMilliseconds:F0} snapshot {(clock.Elapsed - sent).TotalMilliseconds:F0}");
    }

    /// <summary>Every <see cref="ClusterSettings.SnapshotEvery"/> iterations and after the last: state captured now,
    /// encoded and saved in the background while the next iteration runs (the journal already holds the step, so a
    /// crash before the save only means a longer replay). The previous save is awaited first; a failed save fails the role.</summary>
    private async Task SnapshotAsync(IterationLearned learned, CancellationToken ct)
    {
        var version = _trainer.StepCount;
        if (version % cx.Settings.SnapshotEvery != 0 && version < cx.Iterations) return;
        await _snapshot;
        var state = _trainer.Capture();
        _snapshot = Task.Run(() => cx.Snapshots.SaveAsync(ClusterNames.LearnerId, version, ClusterLearnerSnapshot.Encode(state, learned), ct), ct);
    }

    private Task SendStatusAsync(CancellationToken ct) => _last is { } last
        ? cx.SendAsync(cx.Names.StatusQueue, new LearnerStatus(last.Policy, last.Completed), ct)
        : Task.CompletedTask;
}
