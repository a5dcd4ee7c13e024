using RaRlhf.Rl.Evaluation;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// A histogram of some values over a shared range, plus how many values were not finite and so could not be
/// binned (shown on the plot, never silently dropped). <see cref="Histogram"/> is null when nothing was finite.
/// </summary>
public sealed record DistributionHistogram(RewardHistogram? Histogram, int Values, int NonFinite)
{
    public static DistributionHistogram Create(IReadOnlyList<double> values, (double Min, double Max)? range, int bins)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        var histogram = range is { } r && finite.Length > 0 ? RewardHistogram.Create(finite, r.Min, r.Max, bins) : null;
        return new DistributionHistogram(histogram, values.Count, values.Count - finite.Length);
    }
}
