namespace RaRlhf.Rl.Ppo;

/// <summary>
/// TRL 0.7.2 <c>PPOTrainer.loss</c> for one mini-batch, with its analytic gradient. With N = Σ mask:
/// pg = (1/N)Σ m·max(−A·r, −A·clip(r, 1±ε)), r = exp(logp − old);
/// vf = (0.5/N)Σ m·max((v − R)², (clip(v, V_old ± ε_v) − R)²); loss = pg + vf_coef·vf.
/// Gradients: ∂pg/∂logp = (m/N)·(−A·r) where the unclipped term is the max (else 0, the clipped term is
/// constant); ∂vf/∂v = (m/N)·(v − R) where the unclipped term is the max (else 0).
/// </summary>
public static class PpoLoss
{
    /// <param name="batch">The prepared batch (advantages, returns, old log-probs and values, mask).</param>
    /// <param name="rows">The mini-batch: row indices into <paramref name="batch"/>, in the order of the matrices below.</param>
    /// <param name="logProbs">Current policy log-probs of the sampled tokens (b, T), with gradient in the model.</param>
    /// <param name="valuePredictions">Current value-head outputs (b, T).</param>
    /// <param name="entropies">Optional per-token entropies (b, T) for the statistic (<see cref="LogitMath.Entropy"/>).</param>
    /// <param name="lossScale">Multiplies the gradients: 1/gradient_accumulation_steps, as accelerate does. The reported
    /// losses stay unscaled, as TRL's statistics.</param>
    public static PpoLossResult Compute(PreparedBatch batch, ReadOnlySpan<int> rows, TokenMatrix logProbs, TokenMatrix valuePredictions,
        PpoSettings settings, TokenMatrix? entropies = null, double lossScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(settings);
        var mask = batch.Mask.SelectRows(rows);
        mask.RequireSameShape(logProbs, "mini-batch mask", "logprobs");
        mask.RequireSameShape(valuePredictions, "mini-batch mask", "value predictions");
        if (entropies is not null)
        {
            mask.RequireSameShape(entropies, "mini-batch mask", "entropies");
        }

        var old = batch.OldLogProbs.SelectRows(rows);
        var values = batch.Values.SelectRows(rows);
        var adv = batch.Advantages.SelectRows(rows);
        var ret = batch.Returns.SelectRows(rows);
        var gradLogProbs = new TokenMatrix(mask.Rows, mask.Cols);
        var gradValues = new TokenMatrix(mask.Rows, mask.Cols);

        double n = 0;
        foreach (var m in mask.Data)
        {
            n += m;
        }

        if (n == 0)
        {
            var nan = new PpoLossStatistics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            return new PpoLossResult(0, 0, 0, Skipped: false, Empty: true, gradLogProbs, gradValues, nan);
        }

        double eps = settings.ClipRange, epsV = settings.ClipRangeValue;
        double pg = 0, vf = 0, clipped = 0, vClipped = 0, ratioSum = 0, approx = 0, policyKl = 0;
        for (var i = 0; i < mask.Data.Length; i++)
        {
            double m = mask.Data[i];
            double a = adv.Data[i], logRatio = (double)logProbs.Data[i] - old.Data[i];
            var r = Math.Exp(logRatio);
            double pg1 = -a * r, pg2 = -a * Math.Clamp(r, 1 - eps, 1 + eps);
            pg += m * Math.Max(pg1, pg2);
            clipped += m * (pg2 > pg1 ? 1 : 0);
            gradLogProbs.Data[i] = (float)(pg1 >= pg2 ? m * -a * r / n : 0);

            double v = valuePredictions.Data[i], vOld = values.Data[i], R = ret.Data[i];
            var vClip = Math.Max(Math.Min(v, vOld + epsV), vOld - epsV);
            double vf1 = (v - R) * (v - R), vf2 = (vClip - R) * (vClip - R);
            vf += m * Math.Max(vf1, vf2);
            vClipped += m * (vf2 > vf1 ? 1 : 0);
            gradValues.Data[i] = (float)(vf1 >= vf2 ? settings.VfCoef * m * (v - R) / n : 0);

            ratioSum += m * r;
            approx += m * logRatio * logRatio;
            policyKl -= m * logRatio;
        }

        var pgLoss = pg / n;
        var vfLoss = 0.5 * vf / n;
        var loss = pgLoss + settings.VfCoef * vfLoss;
        var meanRatio = ratioSum / n;
        var skipped = meanRatio > settings.RatioThreshold;
        if (skipped)
        {
            pgLoss = vfLoss = loss = 0;
            gradLogProbs.Data.AsSpan().Clear();
            gradValues.Data.AsSpan().Clear();
        }

        Scale(gradLogProbs, lossScale);
        Scale(gradValues, lossScale);

        var stats = new PpoLossStatistics(
            ApproxKl: 0.5 * approx / n,
            PolicyKl: policyKl / n,
            ClipFraction: clipped / n,
            ValueClipFraction: vClipped / n,
            Entropy: entropies is null ? double.NaN : Masked.Mean(entropies.Data, mask.Data),
            MeanRatio: meanRatio,
            AdvantageMean: Masked.Mean(adv.Data, mask.Data),
            ReturnMean: Masked.Mean(ret.Data, mask.Data),
            ReturnVar: Masked.Variance(ret.Data, mask.Data),
            ValueMean: Masked.Mean(values.Data, mask.Data),
            ValueVar: Masked.Variance(values.Data, mask.Data),
            ValuePredictionMean: Masked.Mean(valuePredictions.Data, mask.Data),
            ValueError: SquaredError(valuePredictions, ret, mask));
        return new PpoLossResult(loss, pgLoss, vfLoss, skipped, Empty: false, gradLogProbs, gradValues, stats);
    }

    private static void Scale(TokenMatrix g, double scale)
    {
        if (scale == 1.0)
        {
            return;
        }

        for (var i = 0; i < g.Data.Length; i++)
        {
            g.Data[i] = (float)(g.Data[i] * scale);
        }
    }

    private static double SquaredError(TokenMatrix predictions, TokenMatrix returns, TokenMatrix mask)
    {
        var error = new float[mask.Data.Length];
        for (var i = 0; i < error.Length; i++)
        {
            var d = predictions.Data[i] - returns.Data[i];
            error[i] = d * d;
        }

        return Masked.Mean(error, mask.Data);
    }
}
