namespace RaRlhf.Rl.Evaluation;

/// <summary>
/// Rewards counted into fixed, equal-width bins over [Min, Max] (numpy.histogram convention: bins are
/// half-open [e_i, e_{i+1}) except the last, which includes Max). Values outside the range are counted in
/// <see cref="Below"/> / <see cref="Above"/>, never dropped silently. Fixed bins make runs comparable.
/// </summary>
public sealed record RewardHistogram(double Min, double Max, IReadOnlyList<double> Edges, IReadOnlyList<int> Counts, int Below, int Above)
{
    public static RewardHistogram Create(IEnumerable<double> rewards, double min, double max, int bins)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"histogram range [{min}, {max}] is invalid: need finite min < max");
        }

        var edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++)
        {
            edges[i] = min + (max - min) * i / bins;
        }

        var counts = new int[bins];
        int below = 0, above = 0;
        foreach (var r in rewards)
        {
            if (double.IsNaN(r))
            {
                throw new ArgumentException("a reward is NaN; it cannot be binned");
            }

            if (r < min)
            {
                below++;
            }
            else if (r > max)
            {
                above++;
            }
            else
            {
                var bin = Math.Min(bins - 1, (int)((r - min) / (max - min) * bins));
                // The division can land one bin off near an edge; fix it against the stored edges.
                while (bin > 0 && r < edges[bin])
                {
                    bin--;
                }

                while (bin < bins - 1 && r >= edges[bin + 1])
                {
                    bin++;
                }

                counts[bin]++;
            }
        }

        return new RewardHistogram(min, max, edges, counts, below, above);
    }
}
