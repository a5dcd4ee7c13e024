namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// Toy reward for tiny models: how many response tokens equal <see cref="TargetTokenId"/>. Needs no assets, and a
/// policy can learn it within a few dozen PPO steps, so it exercises the whole pipeline.
/// </summary>
public sealed class TokenCountReward(int targetTokenId) : IRewardModel
{
    public int TargetTokenId { get; } = targetTokenId;

    public string Name => $"token-count({TargetTokenId})";

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        var scores = items.Select(i => (float)i.ResponseIds.Count(id => id == TargetTokenId)).ToArray();
        return Task.FromResult(RewardOutput.Of(scores));
    }
}
