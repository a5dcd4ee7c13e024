namespace RaRlhf.Rl.Risk;

/// <summary>
/// B0(m), the number of episodes the CVaR filter keeps at iteration m = 0…M−1 (DESIGN §1 item 6). Soft (the
/// paper's): B for m ≤ n; ⌈αB⌉ for m ≥ ⌈ρM⌉; otherwise ⌈B·max(α, 1 − K(m − n))⌉, K = (1−α)/(⌈ρM⌉ − n).
/// α and ρ are decimals and every step is exact rational arithmetic, so ⌈·⌉ never rounds up a float error.
/// </summary>
public sealed record RiskSchedule(int BatchSize, int Iterations, decimal Alpha, int Warmup, decimal Rho, RiskScheduleKind Kind = RiskScheduleKind.Soft)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the invalid parameter.</summary>
    public RiskSchedule Validate()
    {
        Require(BatchSize >= 1, "batch", BatchSize, "≥ 1");
        Require(Iterations >= 1, "iterations", Iterations, "≥ 1");
        Require(Alpha > 0 && Alpha <= 1, "alpha", Alpha, "in (0, 1]");
        Require(Warmup >= 0, "warmup", Warmup, "≥ 0");
        Require(Rho > 0 && Rho <= 1, "rho", Rho, "in (0, 1]");
        Require(Enum.IsDefined(Kind), "kind", Kind, "soft, linear or constant");
        return this;
    }

    public RiskLevel LevelAt(int iteration)
    {
        Validate();
        if (iteration < 0 || iteration >= Iterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration, $"iterations are numbered 0…{Iterations - 1}");
        }

        var level = AlphaAt(iteration);
        var keep = (int)(Fraction.Integer(BatchSize) * level).Ceiling();
        return new RiskLevel(iteration, keep, level.ToDouble());
    }

    public int KeepCountAt(int iteration) => LevelAt(iteration).KeepCount;

    /// <summary>B0 for m = 0…M−1.</summary>
    public int[] KeepCounts()
    {
        var counts = new int[Iterations];
        for (var m = 0; m < Iterations; m++)
        {
            counts[m] = KeepCountAt(m);
        }

        return counts;
    }

    private Fraction AlphaAt(int m)
    {
        var alpha = Fraction.From(Alpha);
        var one = Fraction.Integer(1);
        var end = (long)(Fraction.From(Rho) * Fraction.Integer(Iterations)).Ceiling(); // ⌈ρM⌉
        switch (Kind)
        {
            case RiskScheduleKind.Constant:
                return alpha;
            case RiskScheduleKind.Linear:
                return m >= end ? alpha : Fraction.Max(alpha, one - (one - alpha) * Fraction.Integer(m) / Fraction.Integer(end));
            default:
                if (m <= Warmup)
                {
                    return one;
                }

                if (m >= end)
                {
                    return alpha;
                }

                // Here Warmup < m < end, so end − Warmup ≥ 2: K is well defined.
                var k = (one - alpha) / Fraction.Integer(end - Warmup);
                return Fraction.Max(alpha, one - k * Fraction.Integer(m - Warmup));
        }
    }

    private static void Require(bool ok, string key, object value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentException($"risk schedule '{key}' = {value} is invalid: it must be {allowed}");
        }
    }
}
