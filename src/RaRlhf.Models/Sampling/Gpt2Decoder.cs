using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models.Sampling;

/// <summary>
/// Inference-only GPT-2 forward over a chunk of new tokens (B, Tn) that appends keys/values to a <see cref="KvCache"/>
/// and returns the logits of the chunk's last position (B, V). Same masking and position rules as
/// <see cref="Gpt2Model.Forward"/>; no activations are kept. Scratch buffers are reused across calls. One-token steps
/// multiply by weights packed once per generation (<see cref="Prepare"/>): the same values in the same summation
/// order as the unpacked products, so the same bits, but each step streams them sequentially with no per-call packing.
/// </summary>
public sealed class Gpt2Decoder(Gpt2Model model)
{
    private float[] x = [], h = [], mean = [], rstd = [], qkv = [], y = [], fc = [], last = [];
    private int[] idBuffer = [], positions = [];
    private PackedMatrix?[] packed = [];
    private PackedMatrix? head;

    public Gpt2Model Model { get; } = model;

    /// <summary>When set, time per phase is added to it.</summary>
    public DecodeProfile? Profile { get; set; }

    /// <summary>
    /// Packs the weights for one-token steps (<see cref="PackedMatrix"/>: each layer's four Conv1D weights and the LM
    /// head, about one more copy of the model) from the current weights; <see cref="Gpt2Sampler.Generate"/> calls it
    /// once per generation. Call it again after the weights change; without it the steps use the weights directly.
    /// </summary>
    public void Prepare()
    {
        var cfg = Model.Config;
        int c = cfg.NEmbd, inner = cfg.Inner;
        if (packed.Length != 4 * cfg.NLayer) packed = new PackedMatrix[4 * cfg.NLayer];
        for (var l = 0; l < cfg.NLayer; l++)
        {
            var p = LayerNames.Of(l);
            packed[4 * l] = PackedMatrix.Pack(Model.Param(p.AttnWeight).Span, c, 3 * c, 3 * c, false, packed[4 * l]);
            packed[4 * l + 1] = PackedMatrix.Pack(Model.Param(p.AttnProjWeight).Span, c, c, c, false, packed[4 * l + 1]);
            packed[4 * l + 2] = PackedMatrix.Pack(Model.Param(p.FcWeight).Span, c, inner, inner, false, packed[4 * l + 2]);
            packed[4 * l + 3] = PackedMatrix.Pack(Model.Param(p.MlpProjWeight).Span, inner, c, c, false, packed[4 * l + 3]);
        }

        head = PackedMatrix.Pack(Model.Param("wte.weight").Span, c, cfg.VocabSize, c, true, head); // logits = x·wteᵀ
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
            Linear(qkvs.Span, hs.Span, p.AttnWeight, p.AttnBias, 4 * l, tn, n, c, 3 * c);
            t = Mark(DecodePhase.QkvGemm, t);
            KvCacheAttention.Append(cache.Keys[l], cache.Values[l], qkvs.Span, b, tn, t0, cap, c, nh);
            t = Mark(DecodePhase.KvAppend, t);
            KvCacheAttention.Forward(y.AsSpan(0, n * c), qkvs.Span, cache.Keys[l], cache.Values[l], mask, b, tn, t0, cap, c, nh);
            t = Mark(DecodePhase.Attention, t);
            Linear(hs.Span, y.AsSpan(0, n * c), p.AttnProjWeight, p.AttnProjBias, 4 * l + 1, tn, n, c, c);
            t = Mark(DecodePhase.AttnProjGemm, t);
            TensorPrimitives.Add(xs.Span, hs.Span, xs.Span);
            t = Mark(DecodePhase.Residual, t);
            LayerNorm.Forward(hs, mean, rstd, xs, Model.Param(p.Ln2Weight), Model.Param(p.Ln2Bias), n, c, eps);
            t = Mark(DecodePhase.LayerNorm, t);
            Linear(fcs.Span, hs.Span, p.FcWeight, p.FcBias, 4 * l + 2, tn, n, c, inner);
            t = Mark(DecodePhase.MlpFcGemm, t);
            Gelu.Forward(fcs, fcs, n * inner);
            t = Mark(DecodePhase.Gelu, t);
            Linear(hs.Span, fcs.Span, p.MlpProjWeight, p.MlpProjBias, 4 * l + 3, tn, n, inner, c);
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

        // Normalised into h (free now), then the tied head (B, C)·(V, C)ᵀ.
        LayerNorm.Forward(hs, mean, rstd, lastRows, Model.Param("ln_f.weight"), Model.Param("ln_f.bias"), b, c, eps);
        t = Mark(DecodePhase.LayerNorm, t);
        if (tn == 1 && head is { } packedHead && packedHead.N == v && packedHead.K == c) Gemm.SgemmPacked(b, 1f, h, c, packedHead, 0f, logits, v);
        else Gemm.Sgemm(false, true, b, v, c, 1f, h, c, Model.Param("wte.weight").Span, c, 0f, logits, v);
        Mark(DecodePhase.LmHeadGemm, t);
    }

    /// <summary>Conv1D: out (N, OC) = inp (N, IC) · W (IC, OC) + bias; one-token steps use the packed W.</summary>
    private void Linear(Span<float> output, ReadOnlySpan<float> inp, string weight, string bias, int slot, int tn, int n, int ic, int oc)
    {
        if (tn == 1 && slot < packed.Length && packed[slot] is { } w && w.K == ic && w.N == oc)
        {
            var bv = Model.Param(bias).Span;
            for (var i = 0; i < n; i++) bv.CopyTo(output.Slice(i * oc, oc));
            Gemm.SgemmPacked(n, 1f, inp, ic, w, 1f, output, oc);
            return;
        }

        Conv1D.Forward(output, inp, Model.Param(weight).Span, Model.Param(bias).Span, n, ic, oc);
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
