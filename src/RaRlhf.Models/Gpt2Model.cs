using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models;

/// <summary>
/// GPT-2 with Hugging Face GPT2LMHeadModel semantics (pre-LN blocks, Conv1D [in, out] weights, learned positions,
/// tanh GELU, tied LM head), llm.c style: one flat parameter buffer and one flat gradient buffer with named views,
/// an explicit forward that caches activations and an explicit backward that accumulates into <see cref="Gradients"/>.
/// Positions are cumsum(mask) − 1 (1 at padding, as HF generation), so left padding equals no padding.
/// </summary>
public sealed class Gpt2Model
{
    private Gpt2Activations? _acts;
    private float[] _logits = [];

    public Gpt2Model(Gpt2Config config, Gpt2Heads heads = Gpt2Heads.None, int numLabels = 1)
    {
        Config = config;
        Layout = new Gpt2Layout(config, heads, numLabels);
        Parameters = new float[Layout.Length];
        Gradients = new float[Layout.Length];
    }

    public Gpt2Config Config { get; }

    public Gpt2Layout Layout { get; }

    public float[] Parameters { get; }

    public float[] Gradients { get; }

    public int B => Acts.B;

    public int T => Acts.T;

    /// <summary>(B, T, C) final hidden states of the last forward (after ln_f).</summary>
    public ReadOnlyMemory<float> Hidden => Acts.Lnf.AsMemory(0, Acts.B * Acts.T * Config.NEmbd);

    /// <summary>(B, T, V) logits of the last forward; callers write dlogits here in place before <see cref="Backward"/>.</summary>
    public Memory<float> Logits => _logits.AsMemory(0, Acts.B * Acts.T * Config.VocabSize);

    /// <summary>(B, T) positions used by the last forward.</summary>
    public ReadOnlyMemory<int> Positions => Acts.Positions.AsMemory(0, Acts.B * Acts.T);

    /// <summary>(B, T) ids of the last forward.</summary>
    public ReadOnlyMemory<int> Ids => Acts.Ids.AsMemory(0, Acts.B * Acts.T);

    /// <summary>(B, T) mask of the last forward (all ones when none was given).</summary>
    public ReadOnlyMemory<float> Mask => Acts.Mask.AsMemory(0, Acts.B * Acts.T);

    private Gpt2Activations Acts => _acts ?? throw new InvalidOperationException("call Forward first");

    public Memory<float> Param(string name) => Parameters.AsMemory(Layout[name].Offset, Layout[name].Length);

    public Memory<float> Grad(string name) => Gradients.AsMemory(Layout[name].Offset, Layout[name].Length);

    public void ZeroGrad() => Array.Clear(Gradients);

    /// <summary>
    /// Runs the transformer on ids (B, T) with an optional key padding mask (B, T; empty = none), caching activations;
    /// with <paramref name="computeLogits"/> also the tied LM head into <see cref="Logits"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int b, int t, bool computeLogits = true)
    {
        if (ids.Length != b * t || (!mask.IsEmpty && mask.Length != b * t))
        {
            throw new ArgumentException($"ids ({ids.Length}) and mask ({mask.Length}) must hold B·T = {b * t} entries");
        }

        if (t > Config.NPositions)
        {
            throw new ArgumentException($"sequence length {t} exceeds n_positions {Config.NPositions}");
        }

        if (_acts is null || _acts.B != b || _acts.T != t)
        {
            _acts = new Gpt2Activations(Config, b, t);
        }

        var a = _acts;
        int n = b * t, c = Config.NEmbd, nh = Config.NHead, inner = Config.Inner;
        ids.CopyTo(a.Ids);
        a.HasMask = !mask.IsEmpty;
        if (a.HasMask) mask.CopyTo(a.Mask); else a.Mask.AsSpan().Fill(1f);
        FillPositions(a.Mask, a.Positions, b, t);
        var maskMemory = a.HasMask ? a.Mask.AsMemory(0, n) : ReadOnlyMemory<float>.Empty;

        Embedding.Forward(a.Encoded, a.Ids, a.Positions, Param("wte.weight"), Param("wpe.weight"), n, c);
        for (var l = 0; l < Config.NLayer; l++)
        {
            var p = $"h.{l}.";
            var residual = l == 0 ? a.Encoded : a.Residual3[l - 1];
            LayerNorm.Forward(a.Ln1[l], a.Ln1Mean[l], a.Ln1Rstd[l], residual, Param(p + "ln_1.weight"), Param(p + "ln_1.bias"), n, c, Config.LayerNormEpsilon);
            Conv1D.Forward(a.Qkv[l], a.Ln1[l], Span(p + "attn.c_attn.weight"), Span(p + "attn.c_attn.bias"), n, c, 3 * c);
            CausalAttention.Forward(a.Atty[l], a.Att[l], a.Qkv[l], maskMemory, b, t, c, nh);
            Conv1D.Forward(a.Residual2[l], a.Atty[l], Span(p + "attn.c_proj.weight"), Span(p + "attn.c_proj.bias"), n, c, c);
            System.Numerics.Tensors.TensorPrimitives.Add(a.Residual2[l], residual, a.Residual2[l]);
            LayerNorm.Forward(a.Ln2[l], a.Ln2Mean[l], a.Ln2Rstd[l], a.Residual2[l], Param(p + "ln_2.weight"), Param(p + "ln_2.bias"), n, c, Config.LayerNormEpsilon);
            Conv1D.Forward(a.Fch[l], a.Ln2[l], Span(p + "mlp.c_fc.weight"), Span(p + "mlp.c_fc.bias"), n, c, inner);
            Gelu.Forward(a.FchGelu[l], a.Fch[l], n * inner);
            Conv1D.Forward(a.Residual3[l], a.FchGelu[l], Span(p + "mlp.c_proj.weight"), Span(p + "mlp.c_proj.bias"), n, inner, c);
            System.Numerics.Tensors.TensorPrimitives.Add(a.Residual3[l], a.Residual2[l], a.Residual3[l]);
        }

        LayerNorm.Forward(a.Lnf, a.LnfMean, a.LnfRstd, a.Residual3[^1], Param("ln_f.weight"), Param("ln_f.bias"), n, c, Config.LayerNormEpsilon);
        if (computeLogits)
        {
            var v = Config.VocabSize;
            if (_logits.Length < n * v) _logits = new float[n * v];
            // (B·T, C) · wteᵀ (C, V): the LM head is tied to the token embedding.
            Gemm.Sgemm(false, true, n, v, c, 1f, a.Lnf, c, Span("wte.weight"), c, 0f, _logits, v);
        }
    }

    /// <summary>
    /// Backpropagates into <see cref="Gradients"/> (accumulating). <paramref name="dHidden"/> (B, T, C) is the gradient
    /// arriving at the final hidden states from heads (empty = none); with <paramref name="logitsHoldGradients"/>
    /// <see cref="Logits"/> holds dlogits (B, T, V), written in place by the caller, and is consumed.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dHidden, bool logitsHoldGradients)
    {
        var a = Acts;
        int b = a.B, t = a.T, n = b * t, c = Config.NEmbd, nh = Config.NHead, inner = Config.Inner;
        if (dHidden.IsEmpty) Array.Clear(a.DLnf); else dHidden.CopyTo(a.DLnf);
        if (logitsHoldGradients)
        {
            var v = Config.VocabSize;
            Gemm.Sgemm(false, false, n, c, v, 1f, _logits, v, Span("wte.weight"), c, 1f, a.DLnf, c);
            Gemm.Sgemm(true, false, v, c, n, 1f, _logits, v, a.Lnf, c, 1f, GradSpan("wte.weight"), c);
        }

        Array.Clear(a.DResidual);
        LayerNorm.Backward(a.DResidual, Grad("ln_f.weight"), Grad("ln_f.bias"), a.DLnf, a.Residual3[^1], Param("ln_f.weight"), a.LnfMean, a.LnfRstd, n, c);
        for (var l = Config.NLayer - 1; l >= 0; l--)
        {
            var p = $"h.{l}.";
            var residual = l == 0 ? a.Encoded : a.Residual3[l - 1];
            // residual3 = residual2 + mlp(ln_2(residual2)): DResidual flows to both branches.
            Conv1D.Backward(a.DFch, GradSpan(p + "mlp.c_proj.weight"), GradSpan(p + "mlp.c_proj.bias"), a.DResidual, a.FchGelu[l], Span(p + "mlp.c_proj.weight"), n, inner, c);
            Gelu.Backward(a.DFch, a.Fch[l], a.DFch, n * inner);
            Conv1D.Backward(a.DLn, GradSpan(p + "mlp.c_fc.weight"), GradSpan(p + "mlp.c_fc.bias"), a.DFch, a.Ln2[l], Span(p + "mlp.c_fc.weight"), n, c, inner);
            LayerNorm.Backward(a.DResidual, Grad(p + "ln_2.weight"), Grad(p + "ln_2.bias"), a.DLn, a.Residual2[l], Param(p + "ln_2.weight"), a.Ln2Mean[l], a.Ln2Rstd[l], n, c);
            // residual2 = residual + attn(ln_1(residual)).
            Conv1D.Backward(a.DAtty, GradSpan(p + "attn.c_proj.weight"), GradSpan(p + "attn.c_proj.bias"), a.DResidual, a.Atty[l], Span(p + "attn.c_proj.weight"), n, c, c);
            CausalAttention.Backward(a.DQkv, a.DAtt, a.DAtty, a.Qkv[l], a.Att[l], b, t, c, nh);
            Conv1D.Backward(a.DLn, GradSpan(p + "attn.c_attn.weight"), GradSpan(p + "attn.c_attn.bias"), a.DQkv, a.Ln1[l], Span(p + "attn.c_attn.weight"), n, c, 3 * c);
            LayerNorm.Backward(a.DResidual, Grad(p + "ln_1.weight"), Grad(p + "ln_1.bias"), a.DLn, residual, Param(p + "ln_1.weight"), a.Ln1Mean[l], a.Ln1Rstd[l], n, c);
        }

        Embedding.Backward(GradSpan("wte.weight"), GradSpan("wpe.weight"), a.DResidual, a.Ids, a.Positions, n, c);
    }

    /// <summary>HF's generation rule: position = cumsum(mask) − 1, and 1 where the mask is 0.</summary>
    internal static void FillPositions(ReadOnlySpan<float> mask, Span<int> positions, int b, int t)
    {
        for (var bi = 0; bi < b; bi++)
        {
            var count = 0;
            for (var ti = 0; ti < t; ti++)
            {
                var valid = mask[bi * t + ti] != 0f;
                if (valid) count++;
                positions[bi * t + ti] = valid ? count - 1 : 1;
            }
        }
    }

    private Span<float> Span(string name) => Param(name).Span;

    private Span<float> GradSpan(string name) => Grad(name).Span;
}
