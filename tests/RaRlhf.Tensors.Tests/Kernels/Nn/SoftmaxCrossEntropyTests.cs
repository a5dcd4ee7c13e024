using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

public sealed class SoftmaxCrossEntropyTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(33, 257)]
    [InlineData(5, 50257)]
    public void ForwardBackward_OddShapes_MatchReference(int n, int v)
    {
        var logits = NnTestData.Random(n * v, 1, 8f);
        var targets = Enumerable.Range(0, n).Select(i => i % 4 == 3 ? -100 : i * 31 % v).ToArray();
        var dlp = NnTestData.Random(n, 2);
        float[] lp = new float[n], h = new float[n], lpr = new float[n], hr = new float[n];
        SoftmaxCrossEntropy.Forward(logits, targets, lp, h, n, v);
        SoftmaxCrossEntropyReference.Forward(logits, targets, lpr, hr, n, v);
        Assert.True(NnTestData.MaxRelDiff(lp, lpr, "logprob") < 1e-5);
        Assert.True(NnTestData.MaxRelDiff(h, hr, "entropy") < 1e-5);

        float[] d = new float[n * v], dr = new float[n * v];
        SoftmaxCrossEntropy.Backward(d, logits, targets, dlp, n, v);
        SoftmaxCrossEntropyReference.Backward(dr, logits, targets, dlp, n, v);
        Assert.True(NnTestData.MaxRelDiff(d, dr, "dlogits") < 1e-5);
    }

    [Fact]
    public void Backward_InPlaceOverLogits_EqualsSeparateOutput()
    {
        const int n = 4, v = 9;
        var logits = NnTestData.Random(n * v, 3, 3f);
        var targets = new[] { 0, 8, -1, 4 };
        var dlp = new[] { 1f, -0.5f, 2f, 0.25f };
        var separate = new float[n * v];
        SoftmaxCrossEntropy.Backward(separate, logits, targets, dlp, n, v);
        SoftmaxCrossEntropy.Backward(logits, logits, targets, dlp, n, v);
        Assert.Equal(separate, logits);
    }

    [Fact]
    public void ReferenceForward_UniformLogits_GivesLogVAndLogV()
    {
        float[] lp = new float[1], h = new float[1];
        SoftmaxCrossEntropyReference.Forward(new float[8], [3], lp, h, 1, 8);
        Assert.Equal(-Math.Log(8), lp[0], 6);
        Assert.Equal(Math.Log(8), h[0], 6);
    }
}
