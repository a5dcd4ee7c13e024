namespace RaRlhf.Rl.Ppo;

/// <summary>
/// The per-step training statistics as TRL logs them (ppo/…): each mini-batch statistic averaged over all
/// mini-batches the step ran (stack_dicts + mean), the losses likewise, val/var_explained =
/// 1 − error/returns_var, and how many mini-batches were skipped (ratio threshold) or empty (CVaR).
/// </summary>
public sealed record PpoStepSummary(
    int MiniBatches,
    int Skipped,
    int Empty,
    double PolicyLoss,
    double ValueLoss,
    double TotalLoss,
    PpoLossStatistics Mean,
    double ValueVarianceExplained)
{
    /// <summary>Averages the results of one step; empty mini-batches (no kept token) are counted but not averaged.</summary>
    public static PpoStepSummary From(IReadOnlyList<PpoLossResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var used = results.Where(r => !r.Empty).ToList();
        if (used.Count == 0)
        {
            throw new ArgumentException($"none of the {results.Count} mini-batch results has a kept token; nothing to summarise");
        }

        double Avg(Func<PpoLossStatistics, double> f) => used.Average(r => f(r.Statistics));
        var mean = new PpoLossStatistics(
            Avg(s => s.ApproxKl), Avg(s => s.PolicyKl), Avg(s => s.ClipFraction), Avg(s => s.ValueClipFraction),
            Avg(s => s.Entropy), Avg(s => s.MeanRatio), Avg(s => s.AdvantageMean), Avg(s => s.ReturnMean),
            Avg(s => s.ReturnVar), Avg(s => s.ValueMean), Avg(s => s.ValueVar), Avg(s => s.ValuePredictionMean),
            Avg(s => s.ValueError));
        return new PpoStepSummary(results.Count, results.Count(r => r.Skipped), results.Count - used.Count,
            used.Average(r => r.PolicyLoss), used.Average(r => r.ValueLoss), used.Average(r => r.Loss), mean,
            1 - mean.ValueError / mean.ReturnVar);
    }
}
