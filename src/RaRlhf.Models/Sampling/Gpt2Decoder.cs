using System.Numerics.Tensors;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models.Sampling;

/// <summary>
/// Inference-only GPT-2 forward over a chunk of new tokens (B, Tn) that appends keys/values to a <see cref="KvCache"/>
/// and returns the logits of the chunk's last position (B, V). Same masking and position rules as
/// <see cref="Gpt2Model.Forward"/>; no activations are kept.
/// </summary>
public sealed class Gpt2Decoder(Gpt2Model model)
{
    public Gpt2Model Model { get; } = model;

    /// <param name="ids">(B, Tn) new tokens</param>
    /// <param name="mask">(B, capacity) mask of every position so far including the new ones (0 = padding)</param>
    /// <param name="logits">(B, V) output for the last new position</param>
    public void Forward(KvCache cache, ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int tn, Span<float> logits)
    {
        var cfg = Model.Config;
        int b = cache.B, t0 = cache.Length, cap = cache.Capacity, n = b * tn, c = cfg.NEmbd, nh = cfg.NHead, hs = cfg.HeadDim, inner = cfg.Inner;
        if (t0 + tn > cap) throw new ArgumentException($"{t0 + tn} positions exceed the cache capacity {cap}");
        if (ids.Length != n || mask.Length != b * cap) throw new ArgumentException("ids must be (B, Tn) and mask (B, capacity)");

        var idArray = ids.ToArray();
        var posArray = new int[n];
        var maskArray = mask.ToArray();
        for (var bi = 0; bi < b; bi++)
        {
            var count = 0;
            for (var ti = 0; ti < t0 + tn; ti++)
            {
                var valid = mask[bi * cap + ti] != 0f;
                if (valid) count++;
                if (ti >= t0) posArray[bi * tn + ti - t0] = valid ? count - 1 : 1;
            }
        }

        var x = new float[n * c];
        var h = new float[n * c];
        var mean = new float[n];
        var rstd = new float[n];
        var qkv = new float[n * 3 * c];
        var y = new float[n * c];
        var fc = new float[n * inner];
        Embedding.Forward(x, idArray, posArray, Model.Param("wte.weight"), Model.Param("wpe.weight"), n, c);
        for (var l = 0; l < cfg.NLayer; l++)
        {
            var p = $"h.{l}.";
            LayerNorm.Forward(h, mean, rstd, x, Model.Param(p + "ln_1.weight"), Model.Param(p + "ln_1.bias"), n, c, cfg.LayerNormEpsilon);
            Conv1D.Forward(qkv, h, Model.Param(p + "attn.c_attn.weight").Span, Model.Param(p + "attn.c_attn.bias").Span, n, c, 3 * c);
            AppendToCache(cache.Keys[l], cache.Values[l], qkv, b, tn, t0, cap, c, nh, hs);
            Attend(y, qkv, cache.Keys[l], cache.Values[l], maskArray, b, tn, t0, cap, c, nh, hs);
            Conv1D.Forward(h, y, Model.Param(p + "attn.c_proj.weight").Span, Model.Param(p + "attn.c_proj.bias").Span, n, c, c);
            TensorPrimitives.Add(x, h, x);
            LayerNorm.Forward(h, mean, rstd, x, Model.Param(p + "ln_2.weight"), Model.Param(p + "ln_2.bias"), n, c, cfg.LayerNormEpsilon);
            Conv1D.Forward(fc, h, Model.Param(p + "mlp.c_fc.weight").Span, Model.Param(p + "mlp.c_fc.bias").Span, n, c, inner);
            Gelu.Forward(fc, fc, n * inner);
            Conv1D.Forward(h, fc, Model.Param(p + "mlp.c_proj.weight").Span, Model.Param(p + "mlp.c_proj.bias").Span, n, inner, c);
            TensorPrimitives.Add(x, h, x);
        }

        cache.Length = t0 + tn;
        var last = new float[b * c];
        for (var bi = 0; bi < b; bi++)
        {
            x.AsSpan((bi * tn + tn - 1) * c, c).CopyTo(last.AsSpan(bi * c));
        }

        var lastNorm = new float[b * c];
        LayerNorm.Forward(lastNorm, mean, rstd, last, Model.Param("ln_f.weight"), Model.Param("ln_f.bias"), b, c, cfg.LayerNormEpsilon);
        Gemm.Sgemm(false, true, b, cfg.VocabSize, c, 1f, lastNorm, c, Model.Param("wte.weight").Span, c, 0f, logits, cfg.VocabSize);
    }

    private static void AppendToCache(float[] keys, float[] values, float[] qkv, int b, int tn, int t0, int cap, int c, int nh, int hs)
    {
        for (var bi = 0; bi < b; bi++)
        for (var ti = 0; ti < tn; ti++)
        for (var hi = 0; hi < nh; hi++)
        {
            var src = (bi * tn + ti) * 3 * c + hi * hs;
            var dst = ((bi * nh + hi) * cap + t0 + ti) * hs;
            qkv.AsSpan(src + c, hs).CopyTo(keys.AsSpan(dst, hs));
            qkv.AsSpan(src + 2 * c, hs).CopyTo(values.AsSpan(dst, hs));
        }
    }

    /// <summary>y (B, Tn, C): each new query attends to cached keys ≤ its position with mask 1 (none visible → 0).</summary>
    private static void Attend(float[] y, float[] qkv, float[] keys, float[] values, float[] mask, int b, int tn, int t0, int cap, int c, int nh, int hs)
    {
        var scale = 1f / MathF.Sqrt(hs);
        RowParallel.For(b * nh, (long)tn * (t0 + tn) * hs, (start, end) =>
        {
            var w = new float[t0 + tn];
            for (var row = start; row < end; row++)
            {
                int bi = row / nh, hi = row % nh;
                var kBase = (bi * nh + hi) * cap * hs;
                for (var ti = 0; ti < tn; ti++)
                {
                    var q = qkv.AsSpan((bi * tn + ti) * 3 * c + hi * hs, hs);
                    var visible = t0 + ti + 1;
                    var max = float.NegativeInfinity;
                    for (var j = 0; j < visible; j++)
                    {
                        w[j] = mask[bi * cap + j] != 0f ? TensorPrimitives.Dot(q, keys.AsSpan(kBase + j * hs, hs)) * scale : float.NegativeInfinity;
                        max = MathF.Max(max, w[j]);
                    }

                    var o = y.AsSpan((bi * tn + ti) * c + hi * hs, hs);
                    o.Clear();
                    if (float.IsNegativeInfinity(max)) continue;
                    var sum = 0f;
                    for (var j = 0; j < visible; j++)
                    {
                        w[j] = float.IsNegativeInfinity(w[j]) ? 0f : MathF.Exp(w[j] - max);
                        sum += w[j];
                    }

                    for (var j = 0; j < visible; j++)
                    {
                        if (w[j] != 0f) TensorPrimitives.MultiplyAdd(values.AsSpan(kBase + j * hs, hs), w[j] / sum, o, o);
                    }
                }
            }
        });
    }
}
