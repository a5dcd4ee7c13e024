using RaRlhf.Rl.Ppo;
using RaRlhf.Tensors;

namespace RaRlhf.Rl.Tests;

public sealed class PpoStepSummaryTests
{
    [Fact]
    public void From_TwoMiniBatches_AveragesLikeTrlAndCountsSkips()
    {
        var rollout = CvarFilterTests.RandomRollout(new SplitMix64(4), 4, 3);
        var s = new PpoSettings { BatchSize = 4, MiniBatchSize = 2 };
        var batch = PpoBatch.Prepare(rollout, s, 0.1);
        int[] a = [0, 1], b = [2, 3];
        var ra = PpoLoss.Compute(batch, a, rollout.LogProbs.SelectRows(a), batch.Values.SelectRows(a), s);
        var rb = PpoLoss.Compute(batch, b, rollout.LogProbs.SelectRows(b), batch.Values.SelectRows(b), s);
        var sum = PpoStepSummary.From([ra, rb]);
        Assert.Equal((2, 0, 0), (sum.MiniBatches, sum.Skipped, sum.Empty));
        Assert.Equal((ra.Loss + rb.Loss) / 2, sum.TotalLoss, 12);
        Assert.Equal((ra.Statistics.ValueError + rb.Statistics.ValueError) / 2, sum.Mean.ValueError, 12);
        Assert.Equal(1 - sum.Mean.ValueError / sum.Mean.ReturnVar, sum.ValueVarianceExplained, 12);
        Assert.Equal(1.0, sum.Mean.MeanRatio, 6); // first epoch: logp = old logp
        Assert.Equal(0.0, sum.Mean.ApproxKl);
    }
}
