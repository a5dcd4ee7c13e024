namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// A reward model: scores a batch of prompt/response pairs. Implementations may use the texts (lexicons, remote
/// scorers) or the token ids (GPT-2 classifiers). Called from one actor at a time, so it need not be thread-safe.
/// </summary>
public interface IRewardModel
{
    /// <summary>A stable name for logs and metrics.</summary>
    string Name { get; }

    /// <summary>One score per item, in order, plus optional extra metrics (e.g. "reward/toxic_fraction").</summary>
    Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation);
}
