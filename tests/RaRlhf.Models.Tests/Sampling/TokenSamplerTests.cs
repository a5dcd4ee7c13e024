using RaRlhf.Models.Sampling;

namespace RaRlhf.Models.Tests.Sampling;

public sealed class TokenSamplerTests
{
    // softmax probabilities: 0.5, 0.25, 0.125, 0.125 (log-probs below are log of those)
    private static readonly float[] Logits = [MathF.Log(0.5f), MathF.Log(0.25f), MathF.Log(0.125f), MathF.Log(0.125f)];

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.49, 0)]
    [InlineData(0.51, 1)]
    [InlineData(0.80, 2)]
    [InlineData(0.99, 3)]
    public void Sample_NoTruncation_InvertsTheCdf(double u, int expected)
    {
        Assert.Equal(expected, TokenSampler.Sample(Logits, new SamplingOptions(), u));
    }

    [Theory]
    [InlineData(0.5f, 0.99, 0)] // nucleus {0}: mass before token 1 is 0.5 ≥ 0.5
    [InlineData(0.6f, 0.99, 1)] // nucleus {0, 1}
    [InlineData(0.6f, 0.60, 0)] // renormalised: 0.5/0.75 = 0.667 > 0.6
    public void Sample_TopP_KeepsSmallestNucleus(float topP, double u, int expected)
    {
        Assert.Equal(expected, TokenSampler.Sample(Logits, new SamplingOptions { TopP = topP }, u));
    }

    [Fact]
    public void Sample_TopK2_NeverBeyondSecondAndRenormalises()
    {
        var options = new SamplingOptions { TopK = 2 };
        Assert.Equal(0, TokenSampler.Sample(Logits, options, 0.66));
        Assert.Equal(1, TokenSampler.Sample(Logits, options, 0.67));
        Assert.Equal(1, TokenSampler.Sample(Logits, options, 0.999));
    }

    [Fact]
    public void Sample_TopKTies_KeepsEveryTiedLogit()
    {
        Assert.Equal(3, TokenSampler.Sample(Logits, new SamplingOptions { TopK = 3 }, 0.999));
    }

    [Fact]
    public void LogSoftmaxAt_KnownDistribution_ReturnsLogProb()
    {
        Assert.Equal(Math.Log(0.25), TokenSampler.LogSoftmaxAt(Logits, 1), 6);
    }
}
