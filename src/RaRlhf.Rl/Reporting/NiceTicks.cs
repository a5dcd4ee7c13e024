namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Axis ticks at "nice" steps (1, 2 or 5 × 10^k), as d3.ticks: the step is the nice number nearest (in log
/// scale) to span / count, ticks are the multiples of the step inside [min, max]. Multiples are computed as
/// i / (1/step) when the step is below 1, so 0.1·3 prints as 0.3, not 0.30000000000000004.
/// </summary>
public sealed record NiceTicks(double Step, IReadOnlyList<double> Values)
{
    public static NiceTicks Compute(double min, double max, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentException($"ticks need a finite range min < max, got [{min}, {max}]");
        }

        var step = StepFor(min, max, count);
        var values = new List<double>();
        var first = (long)Math.Ceiling(min / step - 1e-9);
        var last = (long)Math.Floor(max / step + 1e-9);
        for (var i = first; i <= last; i++)
        {
            values.Add(Multiple(i, step));
        }

        return new NiceTicks(step, values);
    }

    /// <summary>The range widened outward to whole steps, so the axis starts and ends on a tick.</summary>
    public static (double Min, double Max) NiceDomain(double min, double max, int count)
    {
        var step = StepFor(min, max, count);
        return (Multiple((long)Math.Floor(min / step + 1e-9), step), Multiple((long)Math.Ceiling(max / step - 1e-9), step));
    }

    /// <summary>Decimals needed to print every tick of this step exactly (0 for steps ≥ 1).</summary>
    public int Decimals => Step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(Step) - 1e-9);

    private static double StepFor(double min, double max, int count)
    {
        var raw = (max - min) / count;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var error = raw / power;
        var factor = error >= Math.Sqrt(50) ? 10 : error >= Math.Sqrt(10) ? 5 : error >= Math.Sqrt(2) ? 2 : 1;
        return factor * power;
    }

    private static double Multiple(long i, double step)
    {
        if (step >= 1)
        {
            return i * step;
        }

        // 1/step is an integer (10^k / factor) up to rounding; dividing by it keeps decimal ticks exact.
        var inverse = Math.Round(1 / step);
        return i / inverse;
    }
}
