using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;

namespace RaRlhf.Tensors.Tests.Ops;

/// <summary>GPT-2-vocabulary rows take the multi-threaded path; it must equal the definition row by row.</summary>
public sealed class VocabSizedRowsTests
{
    private const int Vocab = 50257;

    [Fact]
    public void GatherLogProbs_VocabRowsInParallel_MatchesLogSoftmaxAndItsGradient()
    {
        var logits = GradCheck.Random(1, [6, Vocab], 4f);
        int[] targets = [0, 50256, 17, 17, 30000, 9];
        var fused = logits.GatherLogProbs(targets);
        float[] seed = [1f, -0.5f, 2f, 0.25f, -1f, 0.75f];
        fused.Backward(seed);
        var fusedGrad = logits.Grad.ToArray();

        logits.ZeroGrad();
        var full = logits.LogSoftmax();
        var onehotSeed = new float[full.Size];
        for (var r = 0; r < 6; r++) { onehotSeed[r * Vocab + targets[r]] = seed[r]; }

        full.Backward(onehotSeed);
        for (var r = 0; r < 6; r++) { Assert.Equal(full[r, targets[r]], fused[r], 1e-5f); }

        Assert.Equal(0, Fixtures.OpParityTests.MaxRelativeDiff(logits.Grad, fusedGrad), 1e-6);
    }

    [Fact]
    public void CrossEntropy_VocabRowsInParallel_EqualsMinusMeanGatheredLogProbs()
    {
        var logits = GradCheck.Random(2, [5, Vocab], 4f, requiresGrad: false);
        int[] targets = [3, -100, 50000, 1, 4];
        var ce = logits.CrossEntropy(targets).Item();
        var lp = logits.GatherLogProbs([3, 0, 50000, 1, 4]);
        var expected = -(lp[0] + lp[2] + lp[3] + lp[4]) / 4f;
        Assert.Equal(expected, ce, 1e-5f);
    }
}
