using RaRlhf.Rl.Evaluation;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// One named line of a chart in data coordinates; non-finite points are gaps. <see cref="Style"/> picks its colour and
/// dash (<see cref="Palette.Style"/>); null = its position in the chart, so a run can keep its method's colour.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    public int? Style { get; init; }

    /// <summary>
    /// A histogram as a step outline (fraction of values per bin), so several distributions overlay legibly.
    /// Null histogram (nothing finite) gives a series with no points, shown as "no data" in the legend.
    /// </summary>
    public static ChartSeries FromHistogram(string name, RewardHistogram? histogram)
    {
        if (histogram is null)
        {
            return new ChartSeries(name, [], []);
        }

        var total = Math.Max(1, histogram.Counts.Sum() + histogram.Below + histogram.Above);
        var xs = new List<double> { histogram.Edges[0] };
        var ys = new List<double> { 0 };
        for (var i = 0; i < histogram.Counts.Count; i++)
        {
            var fraction = (double)histogram.Counts[i] / total;
            xs.Add(histogram.Edges[i]);
            ys.Add(fraction);
            xs.Add(histogram.Edges[i + 1]);
            ys.Add(fraction);
        }

        xs.Add(histogram.Edges[^1]);
        ys.Add(0);
        return new ChartSeries(name, xs, ys);
    }

    public bool HasData => X.Zip(Y).Any(p => double.IsFinite(p.First) && double.IsFinite(p.Second));
}
