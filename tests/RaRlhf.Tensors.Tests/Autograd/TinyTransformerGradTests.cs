using RaRlhf.Tensors.Ops;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Autograd;

/// <summary>
/// A two-head GPT-2 block (pre-LN attention + GELU MLP, tied LM head) written on the tape over one
/// ParameterBuffer: the ops compose, and every parameter's gradient survives a finite-difference check.
/// </summary>
public sealed class TinyTransformerGradTests(ITestOutputHelper output)
{
    private const int B = 2, T = 5, C = 8, H = 2, V = 11;

    private static readonly int[] Ids = [1, 4, 4, 9, 0, 10, 3, 7, 2, 5];
    private static readonly int[] Targets = [4, 4, 9, 0, -100, 3, 7, 2, 5, -100];
    private static readonly float[] KeyMask = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0];

    [Fact]
    public void GptBlockLoss_FiniteDifferences_MatchBackwardForEveryParameter()
    {
        var p = new ParameterBuffer([
            ("wte", [V, C]), ("wpe", [T, C]), ("ln1.w", [C]), ("ln1.b", [C]), ("attn.w", [C, 3 * C]), ("attn.b", [3 * C]),
            ("proj.w", [C, C]), ("proj.b", [C]), ("ln2.w", [C]), ("ln2.b", [C]), ("fc.w", [C, 4 * C]), ("fc.b", [4 * C]),
            ("fc2.w", [4 * C, C]), ("fc2.b", [C]), ("lnf.w", [C]), ("lnf.b", [C]),
        ]);
        new SplitMix64(17).FillSigned(p.Values, 0.5f);
        foreach (var ln in new[] { "ln1.w", "ln2.w", "lnf.w" }) { p[ln].Data.Fill(1f); }

        var parameters = p.Entries.Select(e => e.Tensor).ToArray();
        GradCheck.Check(_ => Loss(p).Reshape(1), parameters, output);
    }

    private static Tensor Loss(ParameterBuffer p)
    {
        var positions = Enumerable.Range(0, B * T).Select(i => i % T).ToArray();
        var x = p["wte"].Embedding(Ids, B, T) + p["wpe"].Embedding(positions, B, T);           // (B, T, C)
        var qkv = x.LayerNorm(p["ln1.w"], p["ln1.b"]).MatMul(p["attn.w"]).AddBias(p["attn.b"]); // (B, T, 3C)
        Tensor Heads(int part) => qkv.Slice(-1, part * C, C).Reshape(B, T, H, C / H).Transpose(1, 2); // (B, H, T, D)
        var attn = AttentionOps.CausalSelfAttention(Heads(0), Heads(1), Heads(2), KeyMask)
            .Transpose(1, 2).Reshape(B, T, C);
        x = x + attn.MatMul(p["proj.w"]).AddBias(p["proj.b"]);
        var mlp = x.LayerNorm(p["ln2.w"], p["ln2.b"]).MatMul(p["fc.w"]).AddBias(p["fc.b"]).Gelu();
        x = x + mlp.MatMul(p["fc2.w"]).AddBias(p["fc2.b"]);
        var logits = x.LayerNorm(p["lnf.w"], p["lnf.b"]).MatMul(p["wte"], transB: true);          // (B, T, V), tied head
        return logits.CrossEntropy(Targets);
    }
}
