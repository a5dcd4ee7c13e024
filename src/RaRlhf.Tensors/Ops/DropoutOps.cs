using RaRlhf.Tensors.Autograd;

namespace RaRlhf.Tensors.Ops;

/// <summary>Inverted dropout: zero with probability p, scale survivors by 1/(1 − p).</summary>
public static class DropoutOps
{
    /// <summary>p = 0 returns <paramref name="x"/> itself; p = 1 zeros everything. The mask comes from <paramref name="rng"/>.</summary>
    public static Tensor Dropout(this Tensor x, float p, SplitMix64 rng)
    {
        if (p is < 0f or > 1f || float.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability {p} is outside [0, 1].");
        }

        if (p == 0f)
        {
            return x;
        }

        var mask = new float[x.Size];
        var keep = p == 1f ? 0f : 1f / (1f - p);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.NextFloat() >= p ? keep : 0f;
        }

        return x.Mul(new Tensor(mask, x.Shape));
    }
}
