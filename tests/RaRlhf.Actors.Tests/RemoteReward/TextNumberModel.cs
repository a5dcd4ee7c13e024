using RaRlhf.Actors.Pipeline.Rewards;

namespace RaRlhf.Actors.Tests.RemoteReward;

/// <summary>Scores each item by parsing its response text as a number, and records the batch sizes it saw.</summary>
internal sealed class TextNumberModel : IRewardModel
{
    public List<int> BatchSizes { get; } = [];

    public string Name => "text-number";

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        lock (BatchSizes)
        {
            BatchSizes.Add(items.Count);
        }

        var scores = items.Select(i => float.Parse(i.ResponseText, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Task.FromResult(RewardOutput.Of(scores));
    }

    public static RewardInput[] Items(int count) =>
        Enumerable.Range(0, count).Select(i => new RewardInput($"p{i}", (i * 0.5f - 3f).ToString(System.Globalization.CultureInfo.InvariantCulture), [], [])).ToArray();
}
