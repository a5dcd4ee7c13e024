namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// A reward model: scores a batch of prompt/response pairs. Implementations may use the texts (lexicons, remote
/// scorers) or the token ids (GPT-2 classifiers). One scorer actor calls it one batch at a time; a model shared by
/// several scorers (PipelineOptions.RewardScorers > 1) must be thread-safe (TokenCountReward and LexiconReward are,
/// ClassifierReward is not: it reuses the model's activation buffers).
/// </summary>
public interface IRewardModel
{
    /// <summary>A stable name for logs and metrics.</summary>
    string Name { get; }

    /// <summary>One score per item, in order, plus optional extra metrics (e.g. "reward/toxic_fraction").</summary>
    Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation);
}
