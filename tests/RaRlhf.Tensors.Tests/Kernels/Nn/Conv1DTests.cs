using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

public sealed class Conv1DTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 33, 5)]
    [InlineData(17, 8, 33)]
    public void ForwardBackward_OddShapes_MatchReference(int n, int ic, int oc)
    {
        var x = NnTestData.Random(n * ic, 1);
        var w = NnTestData.Random(ic * oc, 2);
        var b = NnTestData.Random(oc, 3);
        var dy = NnTestData.Random(n * oc, 4);
        float[] y = new float[n * oc], yr = new float[n * oc];
        Conv1D.Forward(y, x, w, b, n, ic, oc);
        Conv1DReference.Forward(yr, x, w, b, n, ic, oc);
        Assert.True(NnTestData.MaxRelDiff(y, yr, "conv1d out") < 1e-5);

        float[] dx = new float[n * ic], dw = NnTestData.Random(ic * oc, 5), db = NnTestData.Random(oc, 6);
        float[] dxr = new float[n * ic], dwr = (float[])dw.Clone(), dbr = (float[])db.Clone();
        Conv1D.Backward(dx, dw, db, dy, x, w, n, ic, oc);
        Conv1DReference.Backward(dxr, dwr, dbr, dy, x, w, n, ic, oc);
        Assert.True(NnTestData.MaxRelDiff(dx, dxr, "conv1d dx") < 1e-5);
        Assert.True(NnTestData.MaxRelDiff(dw, dwr, "conv1d dw") < 1e-5);
        Assert.True(NnTestData.MaxRelDiff(db, dbr, "conv1d db") < 1e-5);
    }
}
