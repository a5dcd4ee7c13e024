namespace RaRlhf.Tensors.Optim;

/// <summary>The Adam update element by element, in the order torch.optim.Adam/AdamW (1.13, single-tensor) applies it.</summary>
public static class AdamKernelReference
{
    public static void Step(Span<float> param, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, AdamStepScalars s)
    {
        for (var i = 0; i < param.Length; i++)
        {
            var p = param[i] * s.DecoupledFactor;           // AdamW: p ·= 1 − lr·wd
            var g = grad[i] + s.L2Decay * param[i];         // Adam:  g += wd·p
            m[i] = m[i] * s.Beta1 + (1f - s.Beta1) * g;
            v[i] = v[i] * s.Beta2 + (1f - s.Beta2) * g * g;
            var denom = MathF.Sqrt(v[i]) / s.BiasCorrection2Sqrt + s.Eps;
            param[i] = p - s.StepSize * (m[i] / denom);
        }
    }
}
