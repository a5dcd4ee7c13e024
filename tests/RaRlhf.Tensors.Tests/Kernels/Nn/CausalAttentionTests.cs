using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

public sealed class CausalAttentionTests
{
    [Theory]
    [InlineData(1, 1, 4, 1, false)]
    [InlineData(2, 7, 12, 3, true)]
    [InlineData(3, 9, 8, 2, true)]
    public void ForwardBackward_OddShapes_MatchReference(int b, int t, int c, int nh, bool padded)
    {
        var qkv = NnTestData.Random(b * t * 3 * c, 1, 2f);
        var dy = NnTestData.Random(b * t * c, 2);
        var mask = padded ? LeftPadMask(b, t) : [];
        float[] y = new float[b * t * c], att = new float[b * nh * t * t], yr = new float[b * t * c], attr = new float[b * nh * t * t];
        CausalAttention.Forward(y, att, qkv, mask, b, t, c, nh);
        CausalAttentionReference.Forward(yr, attr, qkv, mask, b, t, c, nh);
        Assert.True(NnTestData.MaxRelDiff(att, attr, "att") < 1e-5);
        Assert.True(NnTestData.MaxRelDiff(y, yr, "att out") < 1e-5);

        float[] dqkv = new float[qkv.Length], dqkvr = new float[qkv.Length], scratch = new float[att.Length];
        CausalAttention.Backward(dqkv, scratch, dy, qkv, att, b, t, c, nh);
        CausalAttentionReference.Backward(dqkvr, dy, qkv, attr, b, t, c, nh);
        Assert.True(NnTestData.MaxRelDiff(dqkv, dqkvr, "dqkv") < 1e-4);
    }

    [Fact]
    public void ReferenceBackward_PaddedInput_MatchesFiniteDifferences()
    {
        const int b = 2, t = 4, c = 4, nh = 2;
        var qkv = NnTestData.Random(b * t * 3 * c, 3);
        var dy = NnTestData.Random(b * t * c, 4);
        var mask = LeftPadMask(b, t);
        double Loss()
        {
            float[] y = new float[b * t * c], att = new float[b * nh * t * t];
            CausalAttentionReference.Forward(y, att, qkv, mask, b, t, c, nh);
            return y.Select((v, i) => (double)v * dy[i]).Sum();
        }

        float[] yy = new float[b * t * c], a = new float[b * nh * t * t], dq = new float[qkv.Length];
        CausalAttentionReference.Forward(yy, a, qkv, mask, b, t, c, nh);
        CausalAttentionReference.Backward(dq, dy, qkv, a, b, t, c, nh);
        for (var i = 0; i < qkv.Length; i++) Assert.Equal(NnTestData.FiniteDifference(qkv, i, Loss), dq[i], 2e-2);
    }

    [Fact]
    public void Forward_LeftPaddedRow_EqualsUnpaddedRowAtValidPositions()
    {
        const int t = 6, c = 4, nh = 2, pad = 2;
        var core = NnTestData.Random((t - pad) * 3 * c, 5);
        var padded = new float[t * 3 * c];
        NnTestData.Random(pad * 3 * c, 6, 9f).CopyTo(padded, 0); // garbage in the padding must not leak
        core.CopyTo(padded, pad * 3 * c);
        var mask = Enumerable.Range(0, t).Select(i => i < pad ? 0f : 1f).ToArray();
        float[] y1 = new float[t * c], a1 = new float[nh * t * t], y0 = new float[(t - pad) * c], a0 = new float[nh * (t - pad) * (t - pad)];
        CausalAttention.Forward(y1, a1, padded, mask, 1, t, c, nh);
        CausalAttention.Forward(y0, a0, core, ReadOnlyMemory<float>.Empty, 1, t - pad, c, nh);
        Assert.True(NnTestData.MaxRelDiff(y1.AsSpan(pad * c), y0, "padded vs unpadded") < 1e-6);
        Assert.All(y1[..(pad * c)], v => Assert.Equal(0f, v));
    }

    private static float[] LeftPadMask(int b, int t) =>
        Enumerable.Range(0, b * t).Select(i => i % t < (i / t) % 3 ? 0f : 1f).ToArray();
}
