namespace RaRlhf.Rl.Reporting;

/// <summary>Maps a data interval [D0, D1] linearly onto a pixel interval [R0, R1] (R1 &lt; R0 for a y axis pointing up).</summary>
public sealed record LinearScale(double D0, double D1, double R0, double R1)
{
    public LinearScale Validate()
    {
        if (!double.IsFinite(D0) || !double.IsFinite(D1) || D0 == D1)
        {
            throw new ArgumentException($"a scale needs a finite, non-empty domain, got [{D0}, {D1}]");
        }

        return this;
    }

    public double Map(double value) => R0 + (value - D0) / (D1 - D0) * (R1 - R0);

    public double Invert(double pixel) => D0 + (pixel - R0) / (R1 - R0) * (D1 - D0);

    /// <summary>
    /// The domain over the finite values, widened to nice ticks; a single distinct value v gets [v − 0.5, v + 0.5]
    /// (or ±|v|/10 when larger) so it still has an axis. Null when there is no finite value at all.
    /// </summary>
    public static (double Min, double Max)? NiceExtent(IEnumerable<double> values, int ticks)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (min > max)
        {
            return null;
        }

        if (min == max)
        {
            var pad = Math.Max(0.5, Math.Abs(min) / 10);
            (min, max) = (min - pad, max + pad);
        }

        return NiceTicks.NiceDomain(min, max, ticks);
    }
}
