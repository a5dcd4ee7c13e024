namespace RaRlhf.Rl.Ppo;

/// <summary>
/// TRL 0.7.2 <c>RunningMoments</c> (trl/trainer/utils.py): running mean/variance of reward-model scores merged batch
/// by batch (parallel-variance formula), used by use_score_scaling / use_score_norm. Starts at mean 0, var 1,
/// std 1, count 1e-24 as TRL. It is learner state: persist the four numbers and restore with the constructor.
/// </summary>
public sealed class RunningMoments(double mean = 0, double variance = 1, double std = 1, double count = 1e-24)
{
    public double Mean { get; private set; } = mean;

    /// <summary>Population variance of everything seen.</summary>
    public double Variance { get; private set; } = variance;

    /// <summary>Sample (Bessel-corrected) standard deviation of everything seen.</summary>
    public double Std { get; private set; } = std;

    public double Count { get; private set; } = count;

    /// <summary>Merges a batch; returns the batch's own mean and sample standard deviation, as TRL.</summary>
    public (double Mean, double Std) Update(ReadOnlySpan<float> xs)
    {
        if (xs.Length < 2)
        {
            throw new ArgumentException($"running score moments need at least 2 scores per batch, got {xs.Length}");
        }

        double sum = 0;
        foreach (var x in xs)
        {
            sum += x;
        }

        var n = (double)xs.Length;
        var xsMean = sum / n;
        double sq = 0;
        foreach (var x in xs)
        {
            sq += (x - xsMean) * (x - xsMean);
        }

        var xsVar = sq / n;
        var delta = xsMean - Mean;
        var total = Count + n;
        var oldSum = Variance * Count + delta * delta * Count * n / total;
        Mean += delta * n / total;
        Variance = (oldSum + xsVar * n) / total;
        Std = Math.Sqrt(Variance * total / (total - 1));
        Count = total;
        return (xsMean, Math.Sqrt(xsVar * n / (n - 1)));
    }

    /// <summary>
    /// TRL's score scaling, applied before score_clip: update with the batch, then divide by (std + float32 eps),
    /// and with <paramref name="normalize"/> (use_score_norm) subtract the running mean first.
    /// </summary>
    public float[] Scale(ReadOnlySpan<float> scores, bool normalize)
    {
        Update(scores);
        var factor = Std + 1.1920928955078125e-07; // + torch.finfo(float32).eps
        var result = new float[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            result[i] = (float)((normalize ? scores[i] - Mean : scores[i]) / factor);
        }

        return result;
    }
}
