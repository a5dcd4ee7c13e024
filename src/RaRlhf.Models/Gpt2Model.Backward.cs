using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models;

/// <summary>The backward pass of <see cref="Gpt2Model"/> (llm.c's gpt2_backward), layers in reverse.</summary>
public sealed partial class Gpt2Model
{
    /// <summary>
    /// Backpropagates into <see cref="Gradients"/> (accumulating). <paramref name="dHidden"/> (B, T, C) is the gradient
    /// arriving at the final hidden states from heads (empty = none); with <paramref name="logitsHoldGradients"/>
    /// <see cref="Logits"/> holds dlogits (B, T, V), written in place by the caller, and is consumed.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dHidden, bool logitsHoldGradients)
    {
        var a = Acts;
        int b = a.B, t = a.T, n = b * t, c = Config.NEmbd, nh = Config.NHead, inner = Config.Inner;
        if (dHidden.IsEmpty) Array.Clear(a.DLnf, 0, n * c); else dHidden[..(n * c)].CopyTo(a.DLnf);
        if (logitsHoldGradients)
        {
            var v = Config.VocabSize;
            Gemm.Sgemm(false, false, n, c, v, 1f, _logits, v, Span("wte.weight"), c, 1f, a.DLnf, c);
            Gemm.Sgemm(true, false, v, c, n, 1f, _logits, v, a.Lnf, c, 1f, GradSpan("wte.weight"), c);
        }

        Array.Clear(a.DResidual, 0, n * c);
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
}
