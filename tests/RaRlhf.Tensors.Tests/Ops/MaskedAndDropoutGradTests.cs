using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class MaskedAndDropoutGradTests(ITestOutputHelper output)
{
    private static readonly Tensor Mask = new([1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0], 3, 7);

    [Theory]
    [InlineData("mean")]
    [InlineData("mean_dim")]
    [InlineData("var")]
    [InlineData("var_biased")]
    [InlineData("whiten")]
    [InlineData("whiten_keep_mean")]
    public void Masked_FiniteDifferences_MatchBackward(string op)
    {
        GradCheck.Check(t => op switch
        {
            "mean" => t[0].MaskedMean(Mask),
            "mean_dim" => t[0].MaskedMean(Mask, 1),
            "var" => t[0].MaskedVar(Mask),
            "var_biased" => t[0].MaskedVar(Mask, unbiased: false),
            "whiten" => t[0].MaskedWhiten(Mask),
            _ => t[0].MaskedWhiten(Mask, shiftMean: false),
        }, [GradCheck.Random(1, [3, 7], 2f, 0.7f)], output);
    }

    [Fact]
    public void MaskedWhiten_Values_MatchDoublePrecisionDefinition()
    {
        var x = GradCheck.Random(2, [3, 7], 2f, 0.7f, requiresGrad: false);
        var kept = Enumerable.Range(0, 21).Where(i => Mask.Data[i] != 0).Select(i => (double)x.Data[i]).ToArray();
        var mean = kept.Average();
        var variance = kept.Sum(v => (v - mean) * (v - mean)) / (kept.Length - 1); // unbiased
        var y = x.MaskedWhiten(Mask);
        for (var i = 0; i < 21; i++)
        {
            Assert.Equal((x.Data[i] - mean) / Math.Sqrt(variance + 1e-8), y.Data[i], 1e-5);
        }
    }

    [Fact]
    public void MaskedVar_EmptyMask_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(4).MaskedVar(Tensor.Zeros(4)));
    }

    [Fact]
    public void Dropout_FixedSeed_FiniteDifferencesMatchBackward()
    {
        GradCheck.Check(t => t[0].Dropout(0.3f, new SplitMix64(5)), [GradCheck.Random(3, [4, 9])], output);
    }

    [Fact]
    public void Dropout_ZeroProbability_ReturnsInput()
    {
        var x = GradCheck.Random(4, [3, 3]);
        Assert.Same(x, x.Dropout(0f, new SplitMix64(1)));
    }

    [Fact]
    public void Dropout_HalfProbability_ZeroesAboutHalfAndPreservesMean()
    {
        var y = Tensor.Full(1f, 20_000).Dropout(0.5f, new SplitMix64(6));
        var zeros = y.ToArray().Count(v => v == 0f);
        Assert.InRange(zeros, 9_700, 10_300);                   // ±4.2σ for Binomial(20000, 0.5)
        Assert.All(y.ToArray(), v => Assert.True(v == 0f || v == 2f));
    }

    [Fact]
    public void Dropout_SameSeed_SameMask()
    {
        var x = GradCheck.Random(7, [50]);
        Assert.Equal(x.Dropout(0.4f, new SplitMix64(9)).ToArray(), x.Dropout(0.4f, new SplitMix64(9)).ToArray());
    }
}
