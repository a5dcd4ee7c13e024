namespace RaRlhf.Cli.Demo;

/// <summary>
/// One metric of one method over the seeds of an experiment: the per-seed values, their mean and the sample
/// standard deviation (n − 1 in the denominator; NaN with fewer than two finite values). Non-finite values are left out.
/// </summary>
internal sealed record SeedStatistic(IReadOnlyList<double> Values)
{
    private double[] Finite => Values.Where(double.IsFinite).ToArray();

    public double Mean => Finite is { Length: > 0 } v ? v.Average() : double.NaN;

    public double Std
    {
        get
        {
            var v = Finite;
            if (v.Length < 2)
            {
                return double.NaN;
            }

            var mean = v.Average();
            return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        }
    }
}
