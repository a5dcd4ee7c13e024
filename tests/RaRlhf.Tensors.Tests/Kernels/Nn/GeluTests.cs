using RaRlhf.Tensors.Kernels.Nn;
using RaRlhf.Tensors.Ops;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

public sealed class GeluTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(257)]
    [InlineData(40_001)]
    public void ForwardBackward_OddSizes_MatchReference(int n)
    {
        var x = NnTestData.Random(n, 1, 6f);
        var dy = NnTestData.Random(n, 2);
        float[] y = new float[n], yr = new float[n], dx = new float[n], dxr = new float[n];
        Gelu.Forward(y, x, n);
        GeluReference.Forward(yr, x);
        Gelu.Backward(dx, x, dy, n);
        GeluReference.Backward(dxr, x, dy);
        Assert.True(NnTestData.MaxRelDiff(y, yr, "gelu") < 1e-5);
        Assert.True(NnTestData.MaxRelDiff(dx, dxr, "gelu'") < 1e-5);
    }

    [Fact]
    public void ReferenceBackward_MatchesFiniteDifferences()
    {
        var x = NnTestData.Random(9, 3, 4f);
        var dx = new float[9];
        GeluReference.Backward(dx, x, Enumerable.Repeat(1f, 9).ToArray());
        double Loss()
        {
            var y = new float[9];
            GeluReference.Forward(y, x);
            return y.Sum(v => (double)v);
        }

        for (var i = 0; i < 9; i++) Assert.Equal(NnTestData.FiniteDifference(x, i, Loss, 1e-3f), dx[i], 1e-2);
    }

    [Fact]
    public void Reference_KnownValues_MatchTanhGelu()
    {
        var y = new float[3];
        GeluReference.Forward(y, [0f, 1f, -1f]);
        // 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) evaluated by hand for x = ±1.
        Assert.Equal(0f, y[0]);
        Assert.Equal(0.841192f, y[1], 5);
        Assert.Equal(-0.158808f, y[2], 5);
    }

    [Fact]
    public void Forward_LargeInput_BitIdenticalToTapeOp()
    {
        const int n = 40_001; // several parallel blocks and a ragged tail
        var x = NnTestData.Random(n, 4, 6f);
        var y = new float[n];
        Gelu.Forward(y, x, n);
        Assert.Equal(new Tensor(x, n).Gelu().ToArray(), y);
    }
}
