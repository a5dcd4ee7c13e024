using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// Brings a restored learner from its snapshot up to the learner journal: re-takes each journaled step after the
/// snapshot from the episodes the journal recorded, in order, and checks that every step produced exactly the policy
/// it recorded (SHA-256 of the weights blob). PPO steps are deterministic for the same state, episodes and settings,
/// so a mismatch means the node differs from the one that wrote the journal (assets, settings, GEMM threads).
/// </summary>
public static class LearnerReplay
{
    /// <summary>Returns the last replayed event, or null when the journal holds nothing after the snapshot.</summary>
    public static async Task<IterationLearned?> ReplayAsync(ClusterContext cx, PpoTrainer trainer, long journaled, CancellationToken ct)
    {
        if (journaled <= trainer.StepCount) return null;
        IterationLearned? last = null;
        foreach (var entry in await cx.Journal.ReadAsync(ClusterNames.LearnerId, trainer.StepCount + 1, journaled, cancellation: ct))
        {
            var learned = (IterationLearned)entry.Event;
            if (learned.Episodes is not { } episodes || learned.Iteration != trainer.StepCount)
            {
                throw new InvalidOperationException(
                    $"learner journal of schema {cx.Names.Schema}: iteration {learned.Iteration} at seq {entry.SequenceNr} cannot be replayed onto policy v{trainer.StepCount} " +
                    "(no episodes recorded, or out of order); the store is inconsistent (was it written by another run or an older build?)");
            }

            trainer.Step(episodes.ToPpo(), episodes.KeepCount);
            var sha = ClusterWorkload.Sha256Of(trainer.Policy, trainer.StepCount);
            if (!string.Equals(sha, learned.Policy.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"replaying iteration {learned.Iteration} from the learner journal gave policy {sha[..16]}… but the journal recorded {learned.Policy.Sha256[..16]}…: " +
                    "this learner node's assets or settings (ppo.*, cluster.gemm_threads) differ from the node that wrote it");
            }

            cx.Logger.Information("Replayed iteration {Iteration} from the learner journal", learned.Iteration);
            last = learned;
        }

        return last;
    }
}
