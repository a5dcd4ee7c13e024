using RaRlhf.Models.Sampling;
using RaRlhf.Tensors;

namespace RaRlhf.Models.Tests.Sampling;

/// <summary>
/// The fused per-row sampler against the reference <see cref="TokenSampler"/>: the same token for every (logits, u,
/// options) tried (temperature, top-k with ties, top-p, greedy), and the log-prob within 1e-5 of
/// <see cref="TokenSampler.LogSoftmaxAt"/> (float vs double exp-sum).
/// </summary>
public sealed class FusedTokenSamplerTests
{
    private static readonly SamplingOptions[] Options =
    [
        new(), new() { Temperature = 0.7f }, new() { Temperature = 1.3f, TopK = 17 }, new() { TopK = 1 },
        new() { Temperature = 0f }, new() { TopP = 0.8f }, new() { Temperature = 0.9f, TopK = 50, TopP = 0.95f },
    ];

    [Theory]
    [InlineData(301, 2f)]
    [InlineData(5000, 4f)]
    public void Sample_RandomLogits_SameTokenAsReferenceAndLogProbWithinTolerance(int v, float spread)
    {
        var scratch = new float[FusedTokenSampler.ScratchLength(v)];
        double maxDiff = 0;
        for (var row = 0; row < 12; row++)
        {
            // Rounded to a coarse grid so some logits tie (top-k keeps ties).
            var logits = Enumerable.Range(0, v).Select(i => MathF.Round((float)(SplitMix64.Uniform((ulong)row, (ulong)i) * spread) * 8f) / 8f).ToArray();
            foreach (var options in Options)
            {
                for (var draw = 0; draw < 8; draw++)
                {
                    var u = SplitMix64.Uniform(99, (ulong)(row * 8 + draw));
                    var expected = TokenSampler.Sample(logits, options, u);
                    var actual = FusedTokenSampler.Sample(logits, options, u, scratch, out var logProb);
                    Assert.Equal(expected, actual);
                    maxDiff = Math.Max(maxDiff, Math.Abs(logProb - TokenSampler.LogSoftmaxAt(logits, expected)));
                }
            }
        }

        Console.WriteLine($"fused sampler v {v}: log-prob max |diff| vs reference {maxDiff:E2}");
        Assert.True(maxDiff < 1e-5);
    }

    [Fact]
    public void KthSmallest_RandomWithDuplicates_EqualsSortedIndex()
    {
        var values = Enumerable.Range(0, 257).Select(i => (float)(SplitMix64.At(4, (ulong)i) % 40)).ToArray();
        var sorted = values.Order().ToArray();
        foreach (var k in new[] { 0, 1, 128, 255, 256 })
        {
            Assert.Equal(sorted[k], FusedTokenSampler.KthSmallest(values.ToArray(), k));
        }
    }
}
