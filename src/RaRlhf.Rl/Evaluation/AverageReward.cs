namespace RaRlhf.Rl.Evaluation;

/// <summary>Mean completion reward over all evaluated prompts, with the sample standard deviation.</summary>
public sealed record AverageReward(int Count, double Mean, double StandardDeviation)
{
    public static AverageReward Compute(IReadOnlyList<double> rewards)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.Count == 0)
        {
            throw new ArgumentException("average reward of no completions: the evaluation produced no rewards");
        }

        var mean = rewards.Average();
        var sq = rewards.Sum(r => (r - mean) * (r - mean));
        return new AverageReward(rewards.Count, mean, rewards.Count > 1 ? Math.Sqrt(sq / (rewards.Count - 1)) : 0);
    }
}
