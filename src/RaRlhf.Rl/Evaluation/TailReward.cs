namespace RaRlhf.Rl.Evaluation;

/// <summary>
/// Mean completion reward over the "tail" prompts (paper §5). <see cref="PromptScoreCutoff"/> is the threshold
/// itself (threshold method) or the highest prompt score inside the tail (quantile method).
/// </summary>
public sealed record TailReward(TailRewardMethod Method, double Parameter, int Count, int Total, double Mean, double PromptScoreCutoff)
{
    /// <summary>Prompts with promptScores[i] ≤ threshold; throws when none qualifies (say so rather than report NaN).</summary>
    public static TailReward ByThreshold(IReadOnlyList<double> promptScores, IReadOnlyList<double> completionRewards, double threshold)
    {
        RequirePaired(promptScores, completionRewards);
        double sum = 0;
        var count = 0;
        for (var i = 0; i < promptScores.Count; i++)
        {
            if (promptScores[i] <= threshold)
            {
                sum += completionRewards[i];
                count++;
            }
        }

        if (count == 0)
        {
            throw new ArgumentException($"no prompt has a score ≤ {threshold}; choose a higher threshold or the quantile method");
        }

        return new TailReward(TailRewardMethod.Threshold, threshold, count, promptScores.Count, sum / count, threshold);
    }

    /// <summary>The ⌈q·N⌉ (at least 1) lowest prompts by score; q in (0, 1], exact decimal arithmetic.</summary>
    public static TailReward ByQuantile(IReadOnlyList<double> promptScores, IReadOnlyList<double> completionRewards, decimal quantile)
    {
        RequirePaired(promptScores, completionRewards);
        if (quantile <= 0 || quantile > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "the tail quantile must be in (0, 1]");
        }

        var count = Math.Max(1, (int)Math.Ceiling(quantile * promptScores.Count));
        var order = PromptOrder.Ascending(promptScores);
        double sum = 0;
        for (var k = 0; k < count; k++)
        {
            sum += completionRewards[order[k]];
        }

        return new TailReward(TailRewardMethod.Quantile, (double)quantile, count, promptScores.Count, sum / count, promptScores[order[count - 1]]);
    }

    internal static void RequirePaired(IReadOnlyList<double> promptScores, IReadOnlyList<double> completionRewards)
    {
        ArgumentNullException.ThrowIfNull(promptScores);
        ArgumentNullException.ThrowIfNull(completionRewards);
        if (promptScores.Count != completionRewards.Count)
        {
            throw new ArgumentException($"{promptScores.Count} prompt scores but {completionRewards.Count} completion rewards; they pair up one to one");
        }

        if (promptScores.Count == 0)
        {
            throw new ArgumentException("no prompts to evaluate");
        }
    }
}
