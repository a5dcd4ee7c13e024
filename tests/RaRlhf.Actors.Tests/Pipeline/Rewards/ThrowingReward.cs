using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Plugins;

namespace RaRlhf.Actors.Tests.Pipeline.Rewards;

/// <summary>A plug-in whose constructor fails the way a real one might (not a config problem).</summary>
public sealed class ThrowingReward : IRewardModel
{
    public ThrowingReward(RewardPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        throw new InvalidOperationException("the scorer's server is unreachable");
    }

    public string Name => "throwing";

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation) =>
        throw new InvalidOperationException("never constructed");
}
