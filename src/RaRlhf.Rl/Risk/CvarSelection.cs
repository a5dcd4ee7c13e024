namespace RaRlhf.Rl.Risk;

/// <summary>
/// The CVaR filter's decision for one batch. <see cref="ValueAtRisk"/> is the B0-th smallest ranking value; every
/// episode at or below it is kept, so <see cref="KeptCount"/> ≥ <see cref="RequestedCount"/> when there are ties.
/// Mean returns are of episode returns (R at the first response token) whatever the ranking.
/// </summary>
public sealed record CvarSelection(
    IReadOnlyList<bool> Kept,
    int RequestedCount,
    int KeptCount,
    double ValueAtRisk,
    CvarRankBy RankBy,
    double MeanReturnKept,
    double MeanReturnAll)
{
    /// <summary>mask·kept: the response mask with every token of a dropped episode set to 0.</summary>
    public TokenMatrix ApplyTo(TokenMatrix mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Rows != Kept.Count)
        {
            throw new ArgumentException($"mask has {mask.Rows} episodes, the selection {Kept.Count}");
        }

        var filtered = mask.Clone();
        for (var b = 0; b < mask.Rows; b++)
        {
            if (!Kept[b])
            {
                filtered.Row(b).Clear();
            }
        }

        return filtered;
    }
}
