namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>Scores (one per input) and optional extra metrics.</summary>
public sealed record RewardOutput(float[] Scores, IReadOnlyDictionary<string, double> Extra)
{
    public static RewardOutput Of(float[] scores) => new(scores, new Dictionary<string, double>());
}
