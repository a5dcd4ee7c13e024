using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Ops;

/// <summary>
/// Fused causal self-attention: softmax(q·kᵀ·scale + mask)·v per (batch, head), with the probabilities cached for
/// backward. Query t sees keys s ≤ t whose key mask is 1; a query that sees no key outputs 0.
/// </summary>
public static class AttentionOps
{
    /// <param name="q">(B, H, T, D)</param>
    /// <param name="k">(B, H, T, D)</param>
    /// <param name="v">(B, H, T, D)</param>
    /// <param name="keyMask">optional (B, T): 1 = real token, 0 = padding (Hugging Face attention_mask)</param>
    /// <param name="scale">defaults to 1/√D (GPT-2)</param>
    /// <returns>(B, H, T, D)</returns>
    public static Tensor CausalSelfAttention(Tensor q, Tensor k, Tensor v, ReadOnlySpan<float> keyMask = default, float? scale = null)
    {
        if (q.Rank != 4 || !Shapes.Equal(q.Shape, k.Shape) || !Shapes.Equal(q.Shape, v.Shape))
        {
            throw new ArgumentException($"Attention: q, k, v must share one (B, H, T, D) shape; got {Shapes.Format(q.Shape)}, {Shapes.Format(k.Shape)}, {Shapes.Format(v.Shape)}.");
        }

        var (b, h, t, d) = (q.Shape[0], q.Shape[1], q.Shape[2], q.Shape[3]);
        if (!keyMask.IsEmpty && keyMask.Length != b * t)
        {
            throw new ArgumentException($"Attention: key mask has {keyMask.Length} values, expected B·T = {b * t}.");
        }

        var alpha = scale ?? 1f / MathF.Sqrt(d);
        var batch = b * h;
        var tt = (long)t * t;
        var td = (long)t * d;
        var probs = new float[batch * tt]; // (B, H, T, T)
        Gemm.SgemmBatched(batch, false, true, t, t, d, alpha, q.Data, d, td, k.Data, d, td, 0f, probs, t, tt);
        var mask = keyMask.ToArray();
        for (var bh = 0; bh < batch; bh++)
        {
            for (var i = 0; i < t; i++)
            {
                MaskedSoftmaxRow(probs.AsSpan((int)(bh * tt + i * t), t), i, mask.AsSpan(mask.Length == 0 ? 0 : bh / h * t, mask.Length == 0 ? 0 : t));
            }
        }

        var y = Tensor.Zeros(q.Shape);
        Gemm.SgemmBatched(batch, false, false, t, d, t, 1f, probs, t, tt, v.Data, d, td, 0f, y.Data, d, td);
        return Graph.Record(y, [q, k, v], () => Backward(q, k, v, y, probs, alpha));
    }

    // Row i of the scores: keys s > i or with mask 0 get probability 0, the rest a softmax.
    private static void MaskedSoftmaxRow(Span<float> row, int i, ReadOnlySpan<float> mask)
    {
        var max = float.NegativeInfinity;
        for (var s = 0; s <= i; s++)
        {
            if (mask.IsEmpty || mask[s] != 0f) { max = MathF.Max(max, row[s]); }
        }

        double sum = 0;
        for (var s = 0; s < row.Length; s++)
        {
            var allowed = s <= i && (mask.IsEmpty || mask[s] != 0f);
            row[s] = allowed ? MathF.Exp(row[s] - max) : 0f;
            sum += row[s];
        }

        if (sum > 0)
        {
            for (var s = 0; s <= i; s++) { row[s] = (float)(row[s] / sum); }
        }
    }

    private static void Backward(Tensor q, Tensor k, Tensor v, Tensor y, float[] probs, float alpha)
    {
        var (b, h, t, d) = (q.Shape[0], q.Shape[1], q.Shape[2], q.Shape[3]);
        var batch = b * h;
        var tt = (long)t * t;
        var td = (long)t * d;
        var gy = y.Grad;
        if (v.RequiresGrad) // dV += Pᵀ·dO
        {
            Gemm.SgemmBatched(batch, true, false, t, d, t, 1f, probs, t, tt, gy, d, td, 1f, v.Grad, d, td);
        }

        if (!q.RequiresGrad && !k.RequiresGrad)
        {
            return;
        }

        var dScores = new float[batch * tt]; // dP = dO·Vᵀ, then dS = P ⊙ (dP − rowsum(dP ⊙ P))
        Gemm.SgemmBatched(batch, false, true, t, t, d, 1f, gy, d, td, v.Data, d, td, 0f, dScores, t, tt);
        for (var r = 0; r < batch * t; r++)
        {
            var p = probs.AsSpan(r * t, t);
            var ds = dScores.AsSpan(r * t, t);
            var dot = Reduction.Dot(p, ds);
            for (var s = 0; s < t; s++) { ds[s] = p[s] * (ds[s] - dot); }
        }

        if (q.RequiresGrad) // dQ += scale·dS·K
        {
            Gemm.SgemmBatched(batch, false, false, t, d, t, alpha, dScores, t, tt, k.Data, d, td, 1f, q.Grad, d, td);
        }

        if (k.RequiresGrad) // dK += scale·dSᵀ·Q
        {
            Gemm.SgemmBatched(batch, true, false, t, d, t, alpha, dScores, t, tt, q.Data, d, td, 1f, k.Grad, d, td);
        }
    }
}
