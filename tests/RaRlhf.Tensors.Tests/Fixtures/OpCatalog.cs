using RaRlhf.Tensors.Ops;

namespace RaRlhf.Tensors.Tests.Fixtures;

/// <summary>Our implementation of every fixture case, by the name make_op_fixtures.py gave it.</summary>
public static class OpCatalog
{
    public static readonly IReadOnlyDictionary<string, Func<Tensor[], int[], Tensor>> Ops =
        new Dictionary<string, Func<Tensor[], int[], Tensor>>
        {
            ["add_row"] = (x, _) => x[0] + x[1],
            ["sub_col"] = (x, _) => x[0] - x[1],
            ["mul_scalar_tensor"] = (x, _) => x[0] * x[1],
            ["mul_outer"] = (x, _) => x[0] * x[1],
            ["div"] = (x, _) => x[0] / x[1],
            ["minimum"] = (x, _) => x[0].Minimum(x[1]),
            ["maximum_row"] = (x, _) => x[0].Maximum(x[1]),
            ["exp"] = (x, _) => x[0].Exp(),
            ["log"] = (x, _) => x[0].Log(),
            ["tanh"] = (x, _) => x[0].Tanh(),
            ["sigmoid"] = (x, _) => x[0].Sigmoid(),
            ["logsigmoid"] = (x, _) => x[0].LogSigmoid(),
            ["square"] = (x, _) => x[0].Square(),
            ["sqrt"] = (x, _) => x[0].Sqrt(),
            ["rsqrt"] = (x, _) => x[0].Rsqrt(),
            ["gelu_new"] = (x, _) => x[0].Gelu(),
            ["clamp"] = (x, _) => x[0].Clamp(-0.7f, 0.9f),
            ["scale_addscalar_neg"] = (x, _) => -(x[0] * 1.7f + 0.3f),
            ["sum"] = (x, _) => x[0].Sum(),
            ["mean"] = (x, _) => x[0].Mean(),
            ["sum_dim0"] = (x, _) => x[0].Sum(0),
            ["mean_last"] = (x, _) => x[0].Mean(-1),
            ["transpose_0_2"] = (x, _) => x[0].Transpose(0, 2),
            ["slice_dim1"] = (x, _) => x[0].Slice(1, 1, 4),
            ["concat_dim1"] = (x, _) => ShapeOps.Concat(x, 1),
            ["matmul_t00"] = (x, _) => x[0].MatMul(x[1]),
            ["matmul_t01"] = (x, _) => x[0].MatMul(x[1], transB: true),
            ["matmul_t10"] = (x, _) => x[0].MatMul(x[1], transA: true),
            ["matmul_t11"] = (x, _) => x[0].MatMul(x[1], transA: true, transB: true),
            ["bmm_tb"] = (x, _) => x[0].MatMul(x[1], transB: true),
            ["matmul_fold_rows"] = (x, _) => x[0].MatMul(x[1]),
            ["matmul_broadcast_ta"] = (x, _) => x[0].MatMul(x[1], transA: true),
            ["add_bias"] = (x, _) => x[0].AddBias(x[1]),
            ["layer_norm"] = (x, _) => x[0].LayerNorm(x[1], x[2], 1e-5f),
            ["softmax"] = (x, _) => x[0].Softmax(),
            ["log_softmax"] = (x, _) => x[0].LogSoftmax(),
            ["gather_logprobs"] = (x, ids) => x[0].GatherLogProbs(ids),
            ["cross_entropy_ignore"] = (x, ids) => x[0].CrossEntropy(ids),
            ["embedding"] = (x, ids) => x[0].Embedding(ids, 2, 3),
            ["causal_attention_masked"] = (x, ints) =>
                AttentionOps.CausalSelfAttention(x[0], x[1], x[2], ints.Select(i => (float)i).ToArray()),
            ["masked_mean"] = (x, m) => x[0].MaskedMean(Mask(m, x[0].Shape)),
            ["masked_mean_dim1"] = (x, m) => x[0].MaskedMean(Mask(m, x[0].Shape), 1),
            ["masked_var"] = (x, m) => x[0].MaskedVar(Mask(m, x[0].Shape)),
            ["masked_whiten"] = (x, m) => x[0].MaskedWhiten(Mask(m, x[0].Shape)),
            ["masked_whiten_keep_mean"] = (x, m) => x[0].MaskedWhiten(Mask(m, x[0].Shape), shiftMean: false),
            ["trl_ppo_loss"] = (x, m) => TrlPpoLoss(x[0], x[1], x[2], x[3], x[4], x[5], Mask(m, x[0].Shape)),
        };

    // TRL 0.7.2 PPOTrainer.loss composed from tape ops, as the Rl project will write it.
    private static Tensor TrlPpoLoss(Tensor logprobs, Tensor oldLogprobs, Tensor advantages, Tensor values, Tensor vpreds, Tensor returns, Tensor mask)
    {
        const float clip = 0.2f, clipValue = 0.2f, vfCoef = 0.1f;
        var vpredClipped = vpreds.Minimum(values + clipValue).Maximum(values - clipValue);
        var vfLoss = 0.5f * (vpreds - returns).Square().Maximum((vpredClipped - returns).Square()).MaskedMean(mask);
        var ratio = (logprobs - oldLogprobs).Exp();
        var pgLosses = -advantages * ratio;
        var pgLosses2 = -advantages * ratio.Clamp(1f - clip, 1f + clip);
        return pgLosses.Maximum(pgLosses2).MaskedMean(mask) + vfCoef * vfLoss;
    }

    private static Tensor Mask(int[] m, int[] shape) => new(m.Select(v => (float)v).ToArray(), shape);
}
