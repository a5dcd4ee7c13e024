namespace RaRlhf.Rl;

/// <summary>
/// TRL's masked statistics (trl/core.py: masked_mean, masked_var, masked_whiten). The mask is 0/1 per token;
/// sums run over all elements, weighted by the mask, accumulated in double.
/// </summary>
public static class Masked
{
    /// <summary>Σ(x·m) / Σm. Throws when the mask is empty, where TRL would silently return NaN.</summary>
    public static double Mean(ReadOnlySpan<float> values, ReadOnlySpan<float> mask)
    {
        RequireSameLength(values, mask);
        double sum = 0, count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += (double)values[i] * mask[i];
            count += mask[i];
        }

        if (count == 0)
        {
            throw new InvalidOperationException("masked mean over an empty mask: no token is selected");
        }

        return sum / count;
    }

    /// <summary>Masked variance, unbiased (Bessel Σm/(Σm−1)) by default as TRL; Σm = 1 gives ±∞/NaN as in TRL.</summary>
    public static double Variance(ReadOnlySpan<float> values, ReadOnlySpan<float> mask, bool unbiased = true)
    {
        var mean = Mean(values, mask);
        double sum = 0, count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var c = values[i] - mean;
            sum += c * c * mask[i];
            count += mask[i];
        }

        var variance = sum / count;
        return unbiased ? variance * (count / (count - 1)) : variance;
    }

    /// <summary>
    /// (x − mean)·rsqrt(var + 1e-8) over the masked tokens, applied to every element (masked ones included, as TRL);
    /// <paramref name="shiftMean"/> = false adds the mean back (TRL's reward whitening).
    /// </summary>
    public static float[] Whiten(ReadOnlySpan<float> values, ReadOnlySpan<float> mask, bool shiftMean = true)
    {
        var mean = Mean(values, mask);
        var scale = 1.0 / Math.Sqrt(Variance(values, mask) + 1e-8);
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var w = (values[i] - mean) * scale;
            result[i] = (float)(shiftMean ? w : w + mean);
        }

        return result;
    }

    public static TokenMatrix Whiten(TokenMatrix values, TokenMatrix mask, bool shiftMean = true)
    {
        values.RequireSameShape(mask, "values", "mask");
        return new TokenMatrix(values.Rows, values.Cols, Whiten(values.Data, mask.Data, shiftMean));
    }

    private static void RequireSameLength(ReadOnlySpan<float> values, ReadOnlySpan<float> mask)
    {
        if (values.Length != mask.Length)
        {
            throw new ArgumentException($"values have {values.Length} elements but the mask has {mask.Length}");
        }
    }
}
