using System.Numerics.Tensors;

namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// Multi-head causal self-attention over a fused qkv buffer (B, T, 3C), with an optional per-row key padding mask
/// (B, T; 0 = padding). Scores are scaled by 1/√head_dim; query t attends to keys j ≤ t whose mask is 1. A query with
/// no visible key (a left-padding position) gets all-zero weights. GEMMs per (b, all heads) through
/// <see cref="Gemm.SgemmBatched"/>, softmax rows in parallel. Reference: <see cref="CausalAttentionReference"/>.
/// </summary>
public static class CausalAttention
{
    /// <param name="output">(B, T, C) attention output, heads concatenated</param>
    /// <param name="att">(B, NH, T, T) cached softmax weights</param>
    /// <param name="qkv">(B, T, 3C): q, k, v each (NH, hs) along the last axis</param>
    /// <param name="mask">(B, T) or empty for no padding</param>
    public static void Forward(Memory<float> output, Memory<float> att, ReadOnlyMemory<float> qkv, ReadOnlyMemory<float> mask,
        int b, int t, int c, int nh)
    {
        var hs = c / nh;
        var scale = 1f / MathF.Sqrt(hs);
        for (var bi = 0; bi < b; bi++)
        {
            var q = qkv.Span[(bi * t * 3 * c)..];
            Gemm.SgemmBatched(nh, false, true, t, t, hs, scale, q, 3 * c, hs, q[c..], 3 * c, hs,
                0f, att.Span[(bi * nh * t * t)..], t, (long)t * t);
        }

        RowParallel.For(b * nh * t, t, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                var bi = row / (nh * t);
                var ti = row % t;
                var a = att.Span.Slice(row * t, t);
                var m = mask.IsEmpty ? default : mask.Span.Slice(bi * t, t);
                var visible = a[..(ti + 1)];
                if (!m.IsEmpty)
                {
                    for (var j = 0; j <= ti; j++)
                    {
                        if (m[j] == 0f) visible[j] = float.NegativeInfinity;
                    }
                }

                var max = TensorPrimitives.Max(visible);
                if (float.IsNegativeInfinity(max))
                {
                    a.Clear();
                    continue;
                }

                TensorPrimitives.Subtract(visible, max, visible);
                TensorPrimitives.Exp(visible, visible);
                TensorPrimitives.Multiply(visible, 1f / TensorPrimitives.Sum(visible), visible);
                a[(ti + 1)..].Clear();
            }
        });

        for (var bi = 0; bi < b; bi++)
        {
            Gemm.SgemmBatched(nh, false, false, t, hs, t, 1f, att.Span[(bi * nh * t * t)..], t, (long)t * t,
                qkv.Span[(bi * t * 3 * c + 2 * c)..], 3 * c, hs, 0f, output.Span[(bi * t * c)..], c, hs);
        }
    }

    /// <summary>Writes dqkv (B, T, 3C) from dout (B, T, C); <paramref name="scratch"/> is (B, NH, T, T) working memory.</summary>
    public static void Backward(Memory<float> dqkv, Memory<float> scratch, ReadOnlyMemory<float> dout, ReadOnlyMemory<float> qkv,
        ReadOnlyMemory<float> att, int b, int t, int c, int nh)
    {
        var hs = c / nh;
        var scale = 1f / MathF.Sqrt(hs);
        var tt = (long)t * t;
        for (var bi = 0; bi < b; bi++)
        {
            var dy = dout.Span[(bi * t * c)..];
            var x = qkv.Span[(bi * t * 3 * c)..];
            var a = att.Span[(bi * nh * t * t)..];
            var dx = dqkv.Span[(bi * t * 3 * c)..];
            Gemm.SgemmBatched(nh, false, true, t, t, hs, 1f, dy, c, hs, x[(2 * c)..], 3 * c, hs, 0f, scratch.Span[(bi * nh * t * t)..], t, tt);
            Gemm.SgemmBatched(nh, true, false, t, hs, t, 1f, a, t, tt, dy, c, hs, 0f, dx[(2 * c)..], 3 * c, hs);
        }

        // Softmax backward in place: dpre = att ⊙ (datt − ⟨att, datt⟩); masked entries have att = 0 and get 0.
        RowParallel.For(b * nh * t, t, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                var a = att.Span.Slice(row * t, t);
                var d = scratch.Span.Slice(row * t, t);
                var dot = TensorPrimitives.Dot(a, d);
                TensorPrimitives.Subtract(d, dot, d);
                TensorPrimitives.Multiply(d, a, d);
            }
        });

        for (var bi = 0; bi < b; bi++)
        {
            var x = qkv.Span[(bi * t * 3 * c)..];
            var dpre = scratch.Span[(bi * nh * t * t)..];
            var dx = dqkv.Span[(bi * t * 3 * c)..];
            Gemm.SgemmBatched(nh, false, false, t, hs, t, scale, dpre, t, tt, x[c..], 3 * c, hs, 0f, dx, 3 * c, hs);
            Gemm.SgemmBatched(nh, true, false, t, hs, t, scale, dpre, t, tt, x, 3 * c, hs, 0f, dx[c..], 3 * c, hs);
        }
    }
}
