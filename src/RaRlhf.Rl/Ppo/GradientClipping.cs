namespace RaRlhf.Rl.Ppo;

/// <summary>
/// torch.nn.utils.clip_grad_norm_ over any set of gradient buffers: total = ‖all‖₂; when total &gt; max, every
/// gradient is multiplied by max/(total + 1e-6). Returns the norm before clipping (TRL logs it).
/// </summary>
public static class GradientClipping
{
    public static double ClipGlobalNorm(IReadOnlyList<float[]> gradients, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        double sumSq = 0;
        foreach (var g in gradients)
        {
            foreach (var x in g)
            {
                sumSq += (double)x * x;
            }
        }

        var total = Math.Sqrt(sumSq);
        var coef = maxNorm / (total + 1e-6);
        if (coef < 1)
        {
            foreach (var g in gradients)
            {
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] = (float)(g[i] * coef);
                }
            }
        }

        return total;
    }
}
