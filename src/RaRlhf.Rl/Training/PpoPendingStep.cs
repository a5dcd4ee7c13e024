using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Training;

/// <summary>
/// A PPO step between <see cref="PpoTrainer.Evaluate"/> and <see cref="PpoTrainer.Finish"/>: the episodes, the batch
/// evaluated up to the CVaR filter (its <see cref="EpisodeReturns"/> and <see cref="Scores"/> are what the filter
/// ranks), and the step it belongs to.
/// </summary>
public sealed class PpoPendingStep
{
    internal PpoPendingStep(PpoEpisodes episodes, EvaluatedPpoBatch batch, long step, double forwardSeconds, double rewardSeconds)
    {
        Episodes = episodes;
        Batch = batch;
        Step = step;
        ForwardSeconds = forwardSeconds;
        RewardSeconds = rewardSeconds;
    }

    public PpoEpisodes Episodes { get; }

    public EvaluatedPpoBatch Batch { get; }

    /// <summary>The trainer's <see cref="PpoTrainer.StepCount"/> when it was evaluated.</summary>
    public long Step { get; }

    /// <summary>Episode returns (B) the CVaR filter ranks by default.</summary>
    public float[] EpisodeReturns => Batch.EpisodeReturns;

    /// <summary>Scores after clipping/scaling (B), the ranking values of <c>CvarRankBy.Score</c>.</summary>
    public float[] Scores => Batch.Scores;

    internal double ForwardSeconds { get; }

    internal double RewardSeconds { get; }
}
