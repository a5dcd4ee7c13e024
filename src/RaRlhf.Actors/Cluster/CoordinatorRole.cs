using System.Diagnostics;
using System.Globalization;
using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Actors.Transport;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// Drives a cluster run, one iteration at a time (synchronous mode, max staleness 0): prompts from the
/// <see cref="PromptSampler"/> and the risk level from the <see cref="RiskScheduler"/> (both event-sourced in the run's
/// PostgreSQL journal, reused unchanged), then <see cref="Settings"/>.Chunks work items (m, c) on the rollout queue;
/// it waits for the learner's status for m, journals the <see cref="IterationCompleted"/> at seq m + 1 and rewrites
/// RUN/metrics/iterations.jsonl. A restarted coordinator adopts an iteration the learner journaled but it did not, and
/// otherwise issues the iteration's work items again (the learner deduplicates them by id).
/// </summary>
public sealed class CoordinatorRole(ClusterContext cx)
{
    private readonly List<IterationCompleted> _completed = [];

    private ClusterSettings Settings => cx.Settings;

    public async Task<PolicyPublished> RunAsync(CancellationToken ct)
    {
        foreach (var e in await cx.Journal.ReadAsync(ClusterNames.CoordinatorId, 1, cancellation: ct)) _completed.Add((IterationCompleted)e.Event);
        var log = new IterationLog(cx.Workload.RunDirectory, cx.Settings.Run);
        await log.WriteAsync(_completed, ct);
        var initial = await ClusterWorkload.PublishAsync(cx.Blobs, cx.Workload.CreatePolicy(), 0, ct);
        await using var system = new ActorSystem($"{cx.Settings.Run}-coordinator", cx.Logger);
        var sampler = system.Spawn("prompt-sampler", () => new PromptSampler(cx.Journal, cx.Snapshots, cx.Workload.Prompts, cx.Workload.Seed));
        var scheduler = system.Spawn("risk-scheduler", () => new RiskScheduler(cx.Journal, cx.Snapshots, cx.Workload.Risk));
        await using var status = await cx.Transport.ConsumeAsync(cx.Names.StatusQueue, 1, ct);
        cx.Progress($"coordinator: run {Settings.Run}, {cx.Iterations} iterations × {Settings.Chunks} chunks, {_completed.Count} done");
        var issued = -1; // the last iteration whose work items this coordinator sent
        async Task IssueAsync(int m, PolicyPublished policy)
        {
            // Not asked ahead of time: the sampler repeats only its last batch, so it must never be more than one
            // iteration ahead of the coordinator journal (a restarted coordinator re-asks for that one).
            var prompts = sampler.AskAsync<PromptBatch>(new NextPrompts(m, cx.Workload.Ppo.BatchSize), cx.Workload.AskTimeout, ct);
            var risk = scheduler.AskAsync<RiskLevel>(new RiskLevelFor(m), cx.Workload.AskTimeout, ct);
            foreach (var work in Split(await prompts, policy, await risk)) await cx.SendAsync(cx.Names.RolloutQueue, work, ct);
            issued = m;
        }

        while (_completed.Count < cx.Iterations)
        {
            var m = _completed.Count;
            var clock = Stopwatch.StartNew();
            TimeSpan learned = default, issuedNext = default;
            if (await LearnedAsync(m, ct) is not { } adopted)
            {
                if (issued != m) await IssueAsync(m, m == 0 ? initial : (await LearnedAsync(m - 1, ct))!.Policy);
                adopted = await AwaitLearnedAsync(status, m, ct);
                learned = clock.Elapsed;
                // Iteration m + 1 goes out before m is recorded, so rollout nodes start at once. Dying in between
                // re-issues m + 1 after the restart (adopting m from the learner journal); the learner deduplicates.
                if (m + 1 < cx.Iterations) await IssueAsync(m + 1, adopted.Policy);
                issuedNext = clock.Elapsed;
            }

            await cx.Journal.AppendAsync(ClusterNames.CoordinatorId, m, [adopted.Completed], ct);
            _completed.Add(adopted.Completed);
            await log.WriteAsync(_completed, ct);
            cx.Workload.OnIteration?.Invoke(adopted.Completed);
            cx.Progress($"{ProgressLine(adopted.Completed)} (ms wait {learned.TotalMilliseconds:F0} issue next {(issuedNext - learned).TotalMilliseconds:F0} " +
                        $"record {(clock.Elapsed - issuedNext).TotalMilliseconds:F0})");
        }

        var final = _completed.Count == 0 ? initial : (await LearnedAsync(_completed.Count - 1, ct))!.Policy;
        cx.Progress($"done: {_completed.Count}/{cx.Iterations} iterations, policy v{final.Version} (blob {final.BlobId})");
        return final;
    }

    /// <summary>Chunk c holds rows [c·B/C, (c+1)·B/C) of the batch.</summary>
    private IEnumerable<RolloutWork> Split(PromptBatch batch, PolicyPublished policy, RiskLevel risk)
    {
        int b = batch.Prompts.Count, chunks = Math.Min(Settings.Chunks, b);
        for (var c = 0; c < chunks; c++)
        {
            int start = c * b / chunks, end = (c + 1) * b / chunks;
            yield return new RolloutWork(batch.Iteration, c, chunks, b, start, batch.Indices[start..end],
                batch.Prompts.Skip(start).Take(end - start).ToArray(), policy, risk);
        }
    }

    /// <summary>Waits for the learner's status of iteration m; between messages it also reads the learner journal, so a
    /// status lost with a dead node or a broker restart cannot stall the run.</summary>
    private async Task<IterationLearned> AwaitLearnedAsync(IQueueConsumer status, int m, CancellationToken ct)
    {
        while (true)
        {
            if (await cx.ReceiveOrIdleAsync(status, ct) is { } delivery)
            {
                if (await cx.DecodeAsync<LearnerStatus>(status, delivery) is not null) await status.AckAsync(delivery, ct);
            }

            // The journal is the truth; the status message only says "look now".
            if (await LearnedAsync(m, ct) is { } learned) return learned;
        }
    }

    private async Task<IterationLearned?> LearnedAsync(int m, CancellationToken ct) =>
        (await cx.Journal.ReadAsync(ClusterNames.LearnerId, m + 1, m + 1, cancellation: ct)).SingleOrDefault()?.Event as IterationLearned;

    private string ProgressLine(IterationCompleted e)
    {
        string Stat(string key) => e.Metrics.TryGetValue(key, out var v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "n/a";
        return $"iteration {e.Iteration + 1}/{cx.Iterations} reward_mean {Stat("env/reward_mean")} kl {Stat("objective/kl")} " +
               $"kl_coef {Stat("objective/kl_coef")} b0 {e.KeepCount} policy v{e.PolicyVersion}";
    }
}
