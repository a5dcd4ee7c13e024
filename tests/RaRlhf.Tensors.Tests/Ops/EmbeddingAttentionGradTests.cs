using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class EmbeddingAttentionGradTests(ITestOutputHelper output)
{
    [Fact]
    public void Embedding_RepeatedIds_FiniteDifferencesMatchScatterAdd()
    {
        int[] ids = [4, 1, 4, 0, 6, 4, 1];
        GradCheck.Check(t => t[0].Embedding(ids, 7), [GradCheck.Random(1, [7, 5])], output);
    }

    [Fact]
    public void Embedding_IdOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(3, 2).Embedding([0, 3], 2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CausalSelfAttention_FiniteDifferences_MatchBackward(bool masked)
    {
        float[] keyMask = masked ? [1, 1, 1, 0, 0, 1, 1, 1, 1, 1] : [];   // (B=2, T=5): row 0 right-padded
        var q = GradCheck.Random(2, [2, 3, 5, 4]);
        var k = GradCheck.Random(3, [2, 3, 5, 4]);
        var v = GradCheck.Random(4, [2, 3, 5, 4]);
        GradCheck.Check(t => AttentionOps.CausalSelfAttention(t[0], t[1], t[2], keyMask), [q, k, v], output);
    }

    [Fact]
    public void CausalSelfAttention_Values_MatchComposedOps()
    {
        // Reference from the tape's own primitive ops: softmax(q·kᵀ/√d + additive mask)·v, with −1e9 for hidden keys.
        float[] keyMask = [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1];           // (B=2, T=6)
        var q = GradCheck.Random(5, [2, 2, 6, 3], requiresGrad: false);
        var k = GradCheck.Random(6, [2, 2, 6, 3], requiresGrad: false);
        var v = GradCheck.Random(7, [2, 2, 6, 3], requiresGrad: false);
        var bias = Tensor.Zeros(2, 1, 6, 6);
        for (var b = 0; b < 2; b++) for (var i = 0; i < 6; i++) for (var s = 0; s < 6; s++)
        {
            bias[b, 0, i, s] = s <= i && keyMask[b * 6 + s] != 0 ? 0f : -1e9f;
        }

        var expected = q.MatMul(k, transB: true).Scale(1f / MathF.Sqrt(3)).Add(bias).Softmax().MatMul(v);
        var actual = AttentionOps.CausalSelfAttention(q, k, v, keyMask);
        var diff = Fixtures.OpParityTests.MaxRelativeDiff(expected.Data, actual.Data);
        output.WriteLine($"fused vs composed attention: max rel diff {diff:G3}");
        Assert.True(diff <= 1e-6);
    }

    [Fact]
    public void CausalSelfAttention_QueryWithNoVisibleKey_OutputsZero()
    {
        var q = GradCheck.Random(8, [1, 1, 3, 2]);
        var y = AttentionOps.CausalSelfAttention(q, q, q, [0f, 1f, 1f]); // left padding: query 0 sees only a pad
        Assert.Equal([0f, 0f], y.Data[..2].ToArray());
        Assert.Equal(q[0, 0, 1, 1], y[0, 0, 1, 1], 1e-6f);               // query 1 sees only key 1
    }
}
