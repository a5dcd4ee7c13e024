namespace RaRlhf.Rl.Risk;

/// <summary>
/// The paper's CVaR batch filter: keep the B0 episodes with the lowest return (or score), ties at the threshold
/// kept, and drop the rest from whitening, both losses and the KL statistic. B0 = B keeps everything (plain RLHF).
/// </summary>
public static class CvarFilter
{
    /// <summary>Episode return = R at the first non-masked response token of each row (B).</summary>
    public static float[] EpisodeReturns(TokenMatrix returns, TokenMatrix mask)
    {
        returns.RequireSameShape(mask, "returns", "mask");
        var episode = new float[returns.Rows];
        for (var b = 0; b < returns.Rows; b++)
        {
            episode[b] = returns[b, MaskIndex.First(mask, b)];
        }

        return episode;
    }

    /// <summary>Selects the episodes to keep for a batch of <c>B = episodeReturns.Length</c>.</summary>
    /// <param name="keepCount">B0, 1 ≤ B0 ≤ B.</param>
    public static CvarSelection Select(ReadOnlySpan<float> episodeReturns, ReadOnlySpan<float> scores, int keepCount, CvarRankBy rankBy = CvarRankBy.Return)
    {
        var batch = episodeReturns.Length;
        if (rankBy == CvarRankBy.Score && scores.Length != batch)
        {
            throw new ArgumentException($"{scores.Length} scores for {batch} episode returns");
        }

        if (keepCount < 1 || keepCount > batch)
        {
            throw new ArgumentOutOfRangeException(nameof(keepCount), keepCount, $"B0 must be in 1..{batch} (the batch size)");
        }

        var rank = rankBy == CvarRankBy.Return ? episodeReturns.ToArray() : scores.ToArray();
        if (Array.Exists(rank, float.IsNaN))
        {
            throw new ArgumentException($"the CVaR ranking values ({rankBy}) contain NaN; the batch cannot be ranked");
        }

        var sorted = (float[])rank.Clone();
        Array.Sort(sorted);
        var threshold = sorted[keepCount - 1];

        var kept = new bool[batch];
        int keptCount = 0;
        double sumKept = 0, sumAll = 0;
        for (var b = 0; b < batch; b++)
        {
            sumAll += episodeReturns[b];
            if (rank[b] <= threshold)
            {
                kept[b] = true;
                keptCount++;
                sumKept += episodeReturns[b];
            }
        }

        return new CvarSelection(kept, keepCount, keptCount, threshold, rankBy, sumKept / keptCount, sumAll / batch);
    }
}
