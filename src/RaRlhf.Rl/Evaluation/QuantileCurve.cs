namespace RaRlhf.Rl.Evaluation;

/// <summary>
/// The paper's quantile plot: for q = 1…100, the mean completion reward over the lowest q% of prompts by prompt
/// score, k = max(1, ⌈q·N/100⌉) prompts (integer arithmetic), ties by input order. q = 100 is the average reward.
/// </summary>
public static class QuantileCurve
{
    public static IReadOnlyList<QuantileCurvePoint> Compute(IReadOnlyList<double> promptScores, IReadOnlyList<double> completionRewards)
    {
        TailReward.RequirePaired(promptScores, completionRewards);
        var order = PromptOrder.Ascending(promptScores);
        var prefix = new double[order.Length + 1];
        for (var k = 0; k < order.Length; k++)
        {
            prefix[k + 1] = prefix[k] + completionRewards[order[k]];
        }

        var n = order.Length;
        var points = new QuantileCurvePoint[100];
        for (var q = 1; q <= 100; q++)
        {
            var count = Math.Max(1, (q * n + 99) / 100);
            points[q - 1] = new QuantileCurvePoint(q, count, prefix[count] / count);
        }

        return points;
    }
}
