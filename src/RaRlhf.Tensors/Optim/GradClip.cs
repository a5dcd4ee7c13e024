using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Optim;

/// <summary>torch.nn.utils.clip_grad_norm_ (norm_type 2) over one flat gradient array.</summary>
public static class GradClip
{
    /// <summary>
    /// Scales <paramref name="grads"/> by min(1, maxNorm / (‖g‖₂ + 1e-6)) and returns ‖g‖₂ before clipping.
    /// A non-finite norm leaves the gradients scaled by NaN/0, as PyTorch does with error_if_nonfinite=False;
    /// pass <paramref name="errorIfNonFinite"/> to throw instead.
    /// </summary>
    public static float ClipGradNorm(Span<float> grads, float maxNorm, bool errorIfNonFinite = false)
    {
        var norm = (float)Math.Sqrt(Reduction.SumOfSquares(grads));
        if (errorIfNonFinite && !float.IsFinite(norm))
        {
            throw new InvalidOperationException($"Gradient norm is {norm}; refusing to clip (a loss or gradient is not finite).");
        }

        var coef = maxNorm / (norm + 1e-6f);
        if (coef < 1f || float.IsNaN(coef))
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(grads, coef, grads);
        }

        return norm;
    }
}
