using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class NormSoftmaxLossGradTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LayerNorm_FiniteDifferences_MatchBackward(bool affine)
    {
        var x = GradCheck.Random(1, [3, 2, 9], 2f, 0.5f);
        Tensor[] inputs = affine ? [x, GradCheck.Random(2, [9], 0.5f, 1f), GradCheck.Random(3, [9])] : [x];
        GradCheck.Check(t => t[0].LayerNorm(affine ? t[1] : null, affine ? t[2] : null, 1e-5f), inputs, output);
    }

    [Fact]
    public void LayerNorm_Output_HasZeroMeanUnitVariancePerRow()
    {
        var y = GradCheck.Random(4, [5, 33], 3f, 1f, requiresGrad: false).LayerNorm(null, null, 0f);
        for (var r = 0; r < 5; r++)
        {
            var row = y.Data.Slice(r * 33, 33).ToArray();
            Assert.Equal(0, row.Average(), 1e-5);
            Assert.Equal(1, row.Average(v => (double)v * v), 1e-4);
        }
    }

    [Fact]
    public void Softmax_FiniteDifferences_MatchBackward() =>
        GradCheck.Check(t => t[0].Softmax(), [GradCheck.Random(5, [3, 7], 3f)], output);

    [Fact]
    public void LogSoftmax_FiniteDifferences_MatchBackward() =>
        GradCheck.Check(t => t[0].LogSoftmax(), [GradCheck.Random(6, [3, 7], 3f)], output);

    [Fact]
    public void GatherLogProbs_FiniteDifferences_MatchBackward()
    {
        int[] targets = [0, 6, 3, 3, 1, 2];
        GradCheck.Check(t => t[0].GatherLogProbs(targets), [GradCheck.Random(7, [2, 3, 7], 3f)], output);
    }

    [Fact]
    public void GatherLogProbs_Values_EqualLogSoftmaxAtTarget()
    {
        var x = GradCheck.Random(8, [4, 9], 5f, requiresGrad: false);
        int[] targets = [8, 0, 4, 4];
        var fused = x.GatherLogProbs(targets);
        var full = x.LogSoftmax();
        for (var r = 0; r < 4; r++) { Assert.Equal(full[r, targets[r]], fused[r], 1e-6f); }
    }

    [Fact]
    public void GatherLogProbs_TargetOutOfRange_ThrowsNamingRow()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 5).GatherLogProbs([1, 5]));
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void CrossEntropy_WithIgnoredRows_FiniteDifferencesMatchBackward()
    {
        int[] targets = [2, -100, 0, 6, -100];
        GradCheck.Check(t => t[0].CrossEntropy(targets), [GradCheck.Random(9, [5, 7], 3f)], output);
    }

    [Fact]
    public void CrossEntropy_IgnoredRows_GetZeroGradientAndDoNotCount()
    {
        var x = GradCheck.Random(10, [3, 4]);
        var loss = x.CrossEntropy([1, -100, 3]);
        var expected = -(x.LogSoftmax()[0, 1] + x.LogSoftmax()[2, 3]) / 2f;
        Assert.Equal(expected, loss.Item(), 1e-6f);
        loss.Backward();
        Assert.All(x.Grad.Slice(4, 4).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void CrossEntropy_AllIgnored_IsNaNLikePyTorch()
    {
        Assert.True(float.IsNaN(Tensor.Zeros(2, 3).CrossEntropy([-100, -100]).Item()));
    }
}
