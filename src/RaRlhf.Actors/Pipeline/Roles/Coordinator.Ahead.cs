using System.Diagnostics;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Max staleness s &gt; 0: rollout workers run ahead of the learner. While the learner is on iteration m (at policy
/// v = m) the coordinator keeps iterations m…m+s in flight (prompts → rollouts with the newest policy each worker has →
/// scores). Iteration m is learned from rollouts of policy v with m − v ≤ s; older ones are dropped, counted
/// (<see cref="StaleDropped"/>) and regenerated after announcing the newest policy again. Prompts and risk levels are
/// asked in iteration order, so the sampler's and scheduler's journals are the synchronous run's.
/// </summary>
public sealed partial class Coordinator
{
    /// <summary>Seconds the learner waited for iteration m's scored rollouts after finishing m − 1 (0 when they were
    /// ready: generation fully hidden behind learning).</summary>
    public const string WaitSeconds = "time/pipeline/wait";

    private async Task<PolicyPublished> RunAheadAsync(int until, PolicyPublished policy, CancellationToken ct)
    {
        var inFlight = new Dictionary<int, (RiskLevel Risk, PromptBatch Prompts, Task<(ScoredRollouts Scored, double Generate, double Score)> Work)>();
        var (next, dropped) = (_completed.Count, 0);
        try
        {
            while (_completed.Count < until && !ct.IsCancellationRequested)
            {
                var m = _completed.Count;
                for (; next < until && next <= m + maxStaleness; next++)
                {
                    var prompts = await roles.Sampler.AskAsync<PromptBatch>(new NextPrompts(next, batchSize), askTimeout, ct);
                    var level = await roles.Scheduler.AskAsync<RiskLevel>(new RiskLevelFor(next), askTimeout, ct);
                    inFlight[next] = (level, prompts, GenerateAndScoreAsync(prompts, ct));
                }

                var clock = Stopwatch.StartNew();
                var (risk, batch, work) = inFlight[m];
                var (scored, generateSeconds, scoreSeconds) = await work;
                var waited = clock.Elapsed.TotalSeconds;
                var lag = m - scored.Rollouts.PolicyVersion;
                if (lag > maxStaleness)
                {
                    dropped++;
                    Context.Logger.Warning(
                        "Dropped the rollouts of iteration {Iteration} from policy {RolloutVersion}: {Lag} versions behind, max staleness {MaxStaleness}; regenerating with policy {PolicyVersion}",
                        m, scored.Rollouts.PolicyVersion, lag, maxStaleness, policy.Version);
                    await PublishAsync(policy, ct);
                    inFlight[m] = (risk, batch, GenerateAndScoreAsync(batch, ct));
                    continue;
                }

                inFlight.Remove(m);
                clock.Restart();
                var learned = await roles.Learner.AskAsync<LearnerStatus>(new Learn(scored, risk), askTimeout, ct);
                await CompleteAsync(learned, new()
                {
                    [GenerateSeconds] = generateSeconds,
                    [ScoreSeconds] = scoreSeconds,
                    [LearnSeconds] = clock.Elapsed.TotalSeconds,
                    [WaitSeconds] = waited,
                    [Staleness] = lag,
                    [StaleDropped] = dropped,
                }, ct);
                dropped = 0;
                policy = learned.Policy;
                if (withholdAnnouncement?.Invoke(policy.Version) != true)
                {
                    await PublishAsync(policy, ct);
                }
            }
        }
        finally
        {
            // Work cut short (stop, failure) is redone on resume; observe it so its faults are not unobserved.
            foreach (var (_, _, work) in inFlight.Values)
            {
                _ = work.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        return policy;
    }

    /// <summary>One in-flight iteration: rollouts from each worker's newest policy, then scores; stage seconds.</summary>
    private async Task<(ScoredRollouts Scored, double Generate, double Score)> GenerateAndScoreAsync(PromptBatch prompts, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var rollouts = await GenerateAsync(prompts, version: null, ct);
        var generated = clock.Elapsed.TotalSeconds;
        var scored = await ScoreAsync(rollouts, ct);
        return (scored, generated, clock.Elapsed.TotalSeconds - generated);
    }
}
