using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using RaRlhf.Tensors;

namespace RaRlhf.Rl.Tests;

public sealed class CvarFilterTests
{
    [Fact]
    public void Select_TiesAtThreshold_AllTiedKept()
    {
        // Sorted: 1, 1, 2, 3. B0 = 1 → VaR = 1, both 1s kept; B0 = 2 → same; B0 = 3 → VaR 2.
        float[] returns = [3, 1, 1, 2];
        var one = CvarFilter.Select(returns, [], 1);
        Assert.Equal([false, true, true, false], one.Kept);
        Assert.Equal(2, one.KeptCount);
        Assert.Equal(1, one.RequestedCount);
        Assert.Equal(1, one.ValueAtRisk);
        Assert.Equal(1, one.MeanReturnKept);
        Assert.Equal(7 / 4.0, one.MeanReturnAll);
        Assert.Equal(2, CvarFilter.Select(returns, [], 2).KeptCount);
        var three = CvarFilter.Select(returns, [], 3);
        Assert.Equal(2, three.ValueAtRisk);
        Assert.Equal([false, true, true, true], three.Kept);
    }

    [Fact]
    public void Select_KeepOneWithoutTies_KeepsOnlyTheLowest()
    {
        var s = CvarFilter.Select([0.5f, -2f, 4f, -1f], [], 1);
        Assert.Equal([false, true, false, false], s.Kept);
        Assert.Equal(-2, s.ValueAtRisk);
        Assert.Equal(-2, s.MeanReturnKept);
    }

    [Fact]
    public void Select_KeepAll_IsIdentity()
    {
        var s = CvarFilter.Select([0.5f, -2f, 4f, -1f], [], 4);
        Assert.All(s.Kept, Assert.True);
        Assert.Equal(s.MeanReturnAll, s.MeanReturnKept);
        var mask = TokenMatrix.FromRows([[1, 1, 0], [0, 1, 1], [1, 1, 1], [1, 0, 0]]);
        Assert.Equal(mask.Data, s.ApplyTo(mask).Data);
    }

    [Fact]
    public void Select_RankByScore_UsesScoresButReportsReturns()
    {
        var s = CvarFilter.Select([10f, 20f, 30f], [3f, 1f, 2f], 1, CvarRankBy.Score);
        Assert.Equal([false, true, false], s.Kept);
        Assert.Equal(1, s.ValueAtRisk);
        Assert.Equal(20, s.MeanReturnKept);
        Assert.Equal(20, s.MeanReturnAll);
    }

    [Fact]
    public void Select_BadKeepCountOrNaN_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CvarFilter.Select([1f, 2f], [], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CvarFilter.Select([1f, 2f], [], 3));
        Assert.Throws<ArgumentException>(() => CvarFilter.Select([1f, float.NaN], [], 1));
        Assert.Throws<ArgumentException>(() => CvarFilter.Select([1f, 2f], [1f], 1, CvarRankBy.Score));
    }

    [Fact]
    public void ApplyTo_DroppedEpisode_AllTokensZero()
    {
        var s = CvarFilter.Select([5f, 1f], [], 1);
        var filtered = s.ApplyTo(TokenMatrix.FromRows([[0, 1, 1], [1, 1, 0]]));
        Assert.Equal([0f, 0f, 0f, 1f, 1f, 0f], filtered.Data);
    }

    [Fact]
    public void PpoBatchPrepare_KeepCountEqualsBatch_SameAsNoFilter()
    {
        var rng = new SplitMix64(7);
        var rollout = RandomRollout(rng, 6, 5);
        var settings = new PpoSettings { BatchSize = 6, MiniBatchSize = 6 };
        var plain = PpoBatch.Prepare(rollout, settings, 0.2);
        var all = PpoBatch.Prepare(rollout, settings, 0.2, keepCount: 6);
        Assert.Equal(plain.Advantages.Data, all.Advantages.Data);
        Assert.Equal(rollout.Mask.Data, all.Mask.Data);
        Assert.Equal(plain.Statistics, all.Statistics);

        // With every episode kept, whitening runs over the original mask exactly as TRL.
        var gae = Gae.Compute(rollout.Values, RewardShaping.Compute(rollout.Scores,
            KlPenalty.PerToken(KlPenaltyKind.Kl, rollout.LogProbs, rollout.RefLogProbs), rollout.Mask, 0.2).Rewards, rollout.Mask, 1, 0.95);
        Assert.Equal(Masked.Whiten(gae.Advantages, rollout.Mask).Data, all.Advantages.Data);
    }

    [Fact]
    public void PpoBatchPrepare_KeepTwo_WhitensOverKeptTokensOnly()
    {
        var rng = new SplitMix64(8);
        var rollout = RandomRollout(rng, 6, 5);
        var batch = PpoBatch.Prepare(rollout, new PpoSettings { BatchSize = 6, MiniBatchSize = 6 }, 0.2, keepCount: 2);
        Assert.Equal(2, batch.Cvar.KeptCount);
        Assert.Equal(0, Masked.Mean(batch.Advantages.Data, batch.Mask.Data), 5);
        Assert.Equal(1, Masked.Variance(batch.Advantages.Data, batch.Mask.Data), 4);
        var kept = Enumerable.Range(0, 6).Where(b => batch.Cvar.Kept[b]).Select(b => batch.EpisodeReturns[b]).ToArray();
        var dropped = Enumerable.Range(0, 6).Where(b => !batch.Cvar.Kept[b]).Select(b => batch.EpisodeReturns[b]).ToArray();
        Assert.True(kept.Max() < dropped.Min());
        Assert.Equal(kept.Max(), batch.Cvar.ValueAtRisk);
    }

    internal static PpoRollout RandomRollout(SplitMix64 rng, int b, int t)
    {
        TokenMatrix R(float lo, float hi)
        {
            var m = new TokenMatrix(b, t);
            for (var i = 0; i < m.Data.Length; i++)
            {
                m.Data[i] = (float)(lo + (hi - lo) * rng.NextUnit());
            }

            return m;
        }

        var mask = new TokenMatrix(b, t);
        mask.Data.AsSpan().Fill(1);
        var scores = Enumerable.Range(0, b).Select(_ => (float)(rng.NextUnit() * 6 - 3)).ToArray();
        return new PpoRollout(scores, R(-3, -0.1f), R(-3, -0.1f), R(-1, 1), mask);
    }
}
