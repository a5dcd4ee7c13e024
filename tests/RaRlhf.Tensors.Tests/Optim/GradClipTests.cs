using RaRlhf.Tensors.Optim;
using RaRlhf.Tensors.Tests.Autograd;
using RaRlhf.Tensors.Tests.Fixtures;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Optim;

public sealed class GradClipTests(ITestOutputHelper output)
{
    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, OpFixtures.Instance.ClipGradNorm.Count)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClipGradNorm_AgainstTorch_MatchesNormAndClippedGradients(int index)
    {
        var c = OpFixtures.Instance.ClipGradNorm[index];
        // torch clips a list of parameters; ours clips their concatenation (one flat grad buffer), same result.
        var grads = c.Sizes.SelectMany((size, i) => GradCheck.Random(c.GradSeedBase + (ulong)i, [size], c.GradScale).ToArray()).ToArray();
        var norm = GradClip.ClipGradNorm(grads, c.MaxNorm);
        var diff = OpParityTests.MaxRelativeDiff(c.Clipped, grads);
        output.WriteLine($"max_norm {c.MaxNorm}: norm {norm} vs torch {c.TotalNorm}; clipped max rel diff {diff:G3}");
        Assert.Equal(c.TotalNorm, norm, c.TotalNorm * 1e-6f);
        Assert.True(diff <= 1e-6);
    }

    [Fact]
    public void ClipGradNorm_NonFiniteWithErrorFlag_Throws()
    {
        float[] grads = [1f, float.NaN];
        Assert.Throws<InvalidOperationException>(() => GradClip.ClipGradNorm(grads, 1f, errorIfNonFinite: true));
    }
}
