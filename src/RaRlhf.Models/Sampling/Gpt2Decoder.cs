using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models.Sampling;

/// <summary>
/// Inference-only GPT-2 forward over a chunk of new tokens (B, Tn) that appends keys/values to a <see cref="KvCache"/>
/// and returns the logits of the chunk's last position (B, V). Same masking and position rules as
/// <see cref="Gpt2Model.Forward"/>; no activations are kept. Scratch buffers are reused across calls, and
/// <see cref="Prepare"/> stores the tied LM head transposed (C, V) so the per-step logits product is an untransposed
/// few-rows GEMM that streams the weights (same values and summation order as x·wteᵀ, so the same bits).
/// </summary>
public sealed class Gpt2Decoder(Gpt2Model model)
{
    private float[] x = [], h = [], mean = [], rstd = [], qkv = [], y = [], fc = [], last = [];
    private int[] idBuffer = [], positions = [];
    private float[]? headT;

    public Gpt2Model Model { get; } = model;

    /// <summary>When set, time per phase is added to it.</summary>
    public DecodeProfile? Profile { get; set; }

    /// <summary>
    /// Snapshots the LM head transposed from the current weights; <see cref="Gpt2Sampler.Generate"/> calls it once per
    /// generation. Call it again after the weights change; without it <see cref="Forward"/> multiplies by wteᵀ directly.
    /// </summary>
    public void Prepare()
    {
        var cfg = Model.Config;
        int v = cfg.VocabSize, c = cfg.NEmbd;
        if (headT?.Length != v * c) headT = new float[v * c];
        var wte = Model.Param("wte.weight").Span; // (V, C)
        var chunk = Math.Max(1, 4096 / c);
        for (var r0 = 0; r0 < v; r0 += chunk)
        {
            // A few rows at a time, so the strided writes of a block stay in cache.
            var rows = Math.Min(chunk, v - r0);
            for (var k = 0; k < c; k++)
            {
                var dst = headT.AsSpan(k * v + r0, rows);
                for (var r = 0; r < rows; r++) dst[r] = wte[(r0 + r) * c + k];
            }
        }
    }

    /// <param name="ids">(B, Tn) new tokens</param>
    /// <param name="mask">(B, capacity) mask of every position so far including the new ones (0 = padding)</param>
    /// <param name="logits">(B, V) output for the last new position</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(KvCache cache, ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int tn, Span<float> logits)
    {
        var cfg = Model.Config;
        int b = cache.B, t0 = cache.Length, cap = cache.Capacity, n = b * tn, c = cfg.NEmbd, nh = cfg.NHead, inner = cfg.Inner, v = cfg.VocabSize;
        if (t0 + tn > cap) throw new ArgumentException($"{t0 + tn} positions exceed the cache capacity {cap}");
        if (ids.Length != n || mask.Length != b * cap) throw new ArgumentException("ids must be (B, Tn) and mask (B, capacity)");

        var t = Profile?.Start() ?? 0;
        Ensure(n, c, inner);
        ids.CopyTo(idBuffer);
        for (var bi = 0; bi < b; bi++)
        {
            var count = 0;
            for (var ti = 0; ti < t0 + tn; ti++)
            {
                var valid = mask[bi * cap + ti] != 0f;
                if (valid) count++;
                if (ti >= t0) positions[bi * tn + ti - t0] = valid ? count - 1 : 1;
            }
        }

        var xs = x.AsMemory(0, n * c);
        var hs = h.AsMemory(0, n * c);
        var qkvs = qkv.AsMemory(0, n * 3 * c);
        var fcs = fc.AsMemory(0, n * inner);
        var eps = cfg.LayerNormEpsilon;
        t = Mark(DecodePhase.Setup, t);
        Embedding.Forward(xs, idBuffer.AsMemory(0, n), positions.AsMemory(0, n), Model.Param("wte.weight"), Model.Param("wpe.weight"), n, c);
        t = Mark(DecodePhase.Embedding, t);
        for (var l = 0; l < cfg.NLayer; l++)
        {
            var p = LayerNames.Of(l);
            LayerNorm.Forward(hs, mean, rstd, xs, Model.Param(p.Ln1Weight), Model.Param(p.Ln1Bias), n, c, eps);
            t = Mark(DecodePhase.LayerNorm, t);
            Conv1D.Forward(qkvs.Span, hs.Span, Model.Param(p.AttnWeight).Span, Model.Param(p.AttnBias).Span, n, c, 3 * c);
            t = Mark(DecodePhase.QkvGemm, t);
            KvCacheAttention.Append(cache.Keys[l], cache.Values[l], qkvs.Span, b, tn, t0, cap, c, nh);
            t = Mark(DecodePhase.KvAppend, t);
            KvCacheAttention.Forward(y.AsSpan(0, n * c), qkvs.Span, cache.Keys[l], cache.Values[l], mask, b, tn, t0, cap, c, nh);
            t = Mark(DecodePhase.Attention, t);
            Conv1D.Forward(hs.Span, y.AsSpan(0, n * c), Model.Param(p.AttnProjWeight).Span, Model.Param(p.AttnProjBias).Span, n, c, c);
            t = Mark(DecodePhase.AttnProjGemm, t);
            TensorPrimitives.Add(xs.Span, hs.Span, xs.Span);
            t = Mark(DecodePhase.Residual, t);
            LayerNorm.Forward(hs, mean, rstd, xs, Model.Param(p.Ln2Weight), Model.Param(p.Ln2Bias), n, c, eps);
            t = Mark(DecodePhase.LayerNorm, t);
            Conv1D.Forward(fcs.Span, hs.Span, Model.Param(p.FcWeight).Span, Model.Param(p.FcBias).Span, n, c, inner);
            t = Mark(DecodePhase.MlpFcGemm, t);
            Gelu.Forward(fcs, fcs, n * inner);
            t = Mark(DecodePhase.Gelu, t);
            Conv1D.Forward(hs.Span, fcs.Span, Model.Param(p.MlpProjWeight).Span, Model.Param(p.MlpProjBias).Span, n, inner, c);
            t = Mark(DecodePhase.MlpProjGemm, t);
            TensorPrimitives.Add(xs.Span, hs.Span, xs.Span);
            t = Mark(DecodePhase.Residual, t);
        }

        cache.Length = t0 + tn;
        var lastRows = xs;
        if (tn > 1)
        {
            for (var bi = 0; bi < b; bi++) x.AsSpan((bi * tn + tn - 1) * c, c).CopyTo(last.AsSpan(bi * c));
            lastRows = last.AsMemory(0, b * c);
        }

        // Normalised into h (free now), then the head: (B, C)·(C, V) from the transposed copy, else (B, C)·(V, C)ᵀ.
        LayerNorm.Forward(hs, mean, rstd, lastRows, Model.Param("ln_f.weight"), Model.Param("ln_f.bias"), b, c, eps);
        t = Mark(DecodePhase.LayerNorm, t);
        if (headT is { } head && head.Length == v * c) Gemm.Sgemm(false, false, b, v, c, 1f, h, c, head, v, 0f, logits, v);
        else Gemm.Sgemm(false, true, b, v, c, 1f, h, c, Model.Param("wte.weight").Span, c, 0f, logits, v);
        Mark(DecodePhase.LmHeadGemm, t);
    }

    private long Mark(DecodePhase phase, long started) => Profile?.Stop(phase, started) ?? 0;

    private void Ensure(int n, int c, int inner)
    {
        if (x.Length >= n * c) return;
        x = new float[n * c];
        h = new float[n * c];
        y = new float[n * c];
        last = new float[n * c];
        mean = new float[n];
        rstd = new float[n];
        qkv = new float[n * 3 * c];
        fc = new float[n * inner];
        idBuffer = new int[n];
        positions = new int[n];
    }
}
