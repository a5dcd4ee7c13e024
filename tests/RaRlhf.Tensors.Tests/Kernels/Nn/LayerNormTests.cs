using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

public sealed class LayerNormTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(33, 257)]
    [InlineData(257, 33)]
    public void ForwardBackward_OddShapes_MatchReference(int n, int c)
    {
        var x = NnTestData.Random(n * c, 1, 3f);
        var w = NnTestData.Random(c, 2);
        var b = NnTestData.Random(c, 3);
        var dy = NnTestData.Random(n * c, 4);
        float[] y = new float[n * c], m = new float[n], r = new float[n], yr = new float[n * c], mr = new float[n], rr = new float[n];
        LayerNorm.Forward(y, m, r, x, w, b, n, c, 1e-5f);
        LayerNormReference.Forward(yr, mr, rr, x, w, b, n, c, 1e-5f);
        Assert.True(NnTestData.MaxRelDiff(y, yr, "ln out") < 1e-5);

        float[] dx = NnTestData.Random(n * c, 5), dw = new float[c], db = new float[c];
        float[] dxr = (float[])dx.Clone(), dwr = new float[c], dbr = new float[c];
        LayerNorm.Backward(dx, dw, db, dy, x, w, m, r, n, c);
        LayerNormReference.Backward(dxr, dwr, dbr, dy, x, w, mr, rr, n, c);
        Assert.True(NnTestData.MaxRelDiff(dx, dxr, "ln dx") < 1e-4);
        Assert.True(NnTestData.MaxRelDiff(dw, dwr, "ln dw") < 1e-4);
        Assert.True(NnTestData.MaxRelDiff(db, dbr, "ln db") < 1e-4);
    }

    [Fact]
    public void ReferenceBackward_SmallInput_MatchesFiniteDifferences()
    {
        const int n = 3, c = 5;
        var x = NnTestData.Random(n * c, 6, 2f);
        var w = NnTestData.Random(c, 7);
        var b = NnTestData.Random(c, 8);
        var dy = NnTestData.Random(n * c, 9);
        double Loss()
        {
            float[] y = new float[n * c], m = new float[n], r = new float[n];
            LayerNormReference.Forward(y, m, r, x, w, b, n, c, 1e-5f);
            return y.Select((v, i) => (double)v * dy[i]).Sum();
        }

        float[] yy = new float[n * c], mm = new float[n], rs = new float[n], dx = new float[n * c], dw = new float[c], db = new float[c];
        LayerNormReference.Forward(yy, mm, rs, x, w, b, n, c, 1e-5f);
        LayerNormReference.Backward(dx, dw, db, dy, x, w, mm, rs, n, c);
        for (var i = 0; i < n * c; i++) Assert.Equal(NnTestData.FiniteDifference(x, i, Loss), dx[i], 2e-2);
        for (var i = 0; i < c; i++) Assert.Equal(NnTestData.FiniteDifference(w, i, Loss), dw[i], 2e-2);
    }
}
