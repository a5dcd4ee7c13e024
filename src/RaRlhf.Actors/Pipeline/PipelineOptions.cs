using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using Serilog;

namespace RaRlhf.Actors.Pipeline;

/// <summary>Everything <see cref="LocalPipeline"/> needs. Model factories create the *initial* models; a resumed run
/// overwrites the policy from the learner's snapshot.</summary>
public sealed record PipelineOptions
{
    public required string RunDirectory { get; init; }

    public required string RunName { get; init; }

    /// <summary>The prompt set (token ids); the sampler shuffles it per epoch with <see cref="Seed"/>.</summary>
    public required IReadOnlyList<int[]> Prompts { get; init; }

    /// <summary>The initial policy with a value head (Gpt2Heads.Value).</summary>
    public required Func<Gpt2Model> CreatePolicy { get; init; }

    /// <summary>The frozen reference policy.</summary>
    public required Func<Gpt2Model> CreateReference { get; init; }

    public required PpoSettings Ppo { get; init; }

    public required RiskSchedule Risk { get; init; }

    /// <summary>Sampling options; the seed is replaced per iteration by splitmix64(<see cref="Seed"/>, m).</summary>
    public required SamplingOptions Sampling { get; init; }

    public required IRewardModel Reward { get; init; }

    /// <summary>Token ids → text for the reward model.</summary>
    public required Func<int[], string> Decode { get; init; }

    /// <summary>Seeds the prompt shuffle and the sampling.</summary>
    public ulong Seed { get; init; }

    public ILogger Logger { get; init; } = Serilog.Core.Logger.None;

    /// <summary>Called after each journaled iteration (progress lines).</summary>
    public Action<IterationCompleted>? OnIteration { get; init; }

    /// <summary>RewardScorer actors; each batch is split across them (scores do not depend on the split). All share
    /// <see cref="Reward"/>, so its model must tolerate concurrent calls when this is above 1.</summary>
    public int RewardScorers { get; init; } = 1;

    /// <summary>RolloutWorker actors, each with its own policy copy; each batch is split across them in contiguous
    /// chunks, every row sampled as in the whole batch (<see cref="SamplingOptions.RowOffset"/>), so the result does
    /// not depend on the count.</summary>
    public int RolloutWorkers { get; init; } = 1;

    /// <summary>
    /// Max policy-version lag s of the rollouts a PPO step learns from (<c>pipeline.max_staleness</c>). 0 = the
    /// synchronous loop (paper-exact). s &gt; 0 keeps up to s + 1 iterations in flight, so rollout workers run ahead of
    /// the learner; rollouts of iteration m from policy v with m − v &gt; s are dropped, counted and regenerated.
    /// </summary>
    public int MaxStaleness { get; init; }

    /// <summary>Test hook (max staleness &gt; 0): true for a version = the coordinator does not announce it to the
    /// workers after the learner publishes it, as if the announcement were late, so they keep generating with an older
    /// policy until a dropped batch makes the coordinator announce the newest again. Null in real runs.</summary>
    public Func<long, bool>? WithholdAnnouncement { get; init; }

    /// <summary>Bound of every role's mailbox.</summary>
    public int MailboxCapacity { get; init; } = 4;

    /// <summary>How long the coordinator waits for one role's answer.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>What the run was built from (task, asset hashes), kept in RUN/run.json so a resume with other
    /// assets is refused; empty for runs that need none.</summary>
    public string Sources { get; init; } = "";

    /// <summary>Iterations of the whole run (the risk schedule's M).</summary>
    public int Iterations => Risk.Iterations;
}
