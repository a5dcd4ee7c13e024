namespace RaRlhf.Tensors.Ops;

/// <summary>
/// TRL 0.7.2 core.py masked statistics, composed from differentiable ops (so gradients come for free).
/// The mask is a 0/1 float tensor broadcastable to the values.
/// </summary>
public static class MaskedOps
{
    /// <summary>masked_mean: (values·mask).sum() / mask.sum() → shape [].</summary>
    public static Tensor MaskedMean(this Tensor values, Tensor mask) => values.Mul(mask).Sum().Div(mask.Sum());

    /// <summary>masked_mean(values, mask, axis): (values·mask).sum(axis) / mask.sum(axis).</summary>
    public static Tensor MaskedMean(this Tensor values, Tensor mask, int dim) =>
        values.Mul(mask).Sum(dim).Div(mask.Sum(dim));

    /// <summary>
    /// masked_var: masked mean of squared deviations from the masked mean; unbiased multiplies by n/(n − 1)
    /// with n = mask.sum(). Throws when the mask is empty (as TRL does).
    /// </summary>
    public static Tensor MaskedVar(this Tensor values, Tensor mask, bool unbiased = true)
    {
        var mean = values.MaskedMean(mask);
        var variance = values.Sub(mean).Square().MaskedMean(mask);
        if (!unbiased)
        {
            return variance;
        }

        var maskSum = Kernels.ReductionReference.Sum(mask.Data);
        if (maskSum == 0f)
        {
            throw new ArgumentException("MaskedVar: the mask is all zeros (TRL raises here too; with mini_batch_size = 1 use a larger mini-batch).");
        }

        return variance.Scale(maskSum / (maskSum - 1f));
    }

    /// <summary>masked_whiten: (values − mean)·rsqrt(var + 1e-8), plus the mean back when !shiftMean.</summary>
    public static Tensor MaskedWhiten(this Tensor values, Tensor mask, bool shiftMean = true)
    {
        var mean = values.MaskedMean(mask);
        var variance = values.MaskedVar(mask);
        var whitened = values.Sub(mean).Mul(variance.AddScalar(1e-8f).Rsqrt());
        return shiftMean ? whitened : whitened.Add(mean);
    }
}
