using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Tests;

/// <summary>Small cases worked out by hand (the arithmetic is in the comments).</summary>
public sealed class HandComputedTests
{
    [Fact]
    public void Gae_ThreeTokens_MatchesHandRecursion()
    {
        // r = [0, 0, 1], V = 0.5 each, γ = 1, λ = 0.95:
        // δ2 = 1 − 0.5 = 0.5 → A2 = 0.5; δ1 = 0 + 0.5 − 0.5 = 0 → A1 = 0.475; δ0 = 0 → A0 = 0.45125.
        var mask = TokenMatrix.FromRows([[1, 1, 1]]);
        var gae = Gae.Compute(TokenMatrix.FromRows([[0.5f, 0.5f, 0.5f]]), TokenMatrix.FromRows([[0, 0, 1]]), mask, 1.0, 0.95);
        Assert.Equal([0.45125f, 0.475f, 0.5f], gae.Advantages.Data);
        Assert.Equal([0.95125f, 0.975f, 1.0f], gae.Returns.Data);
    }

    [Fact]
    public void Gae_MaskedPadding_ValuesZeroedBeforeLoop()
    {
        // Mask [1, 1, 0]: V·m = [1, 2, 0], r·m = [0, 3, 0]; γ = 0.5, λ = 1:
        // A2 = 0; δ1 = 3 + 0 − 2 = 1 → A1 = 1; δ0 = 0 + 0.5·2 − 1 = 0 → A0 = 0 + 0.5·1 = 0.5.
        var gae = Gae.Compute(TokenMatrix.FromRows([[1, 2, 7]]), TokenMatrix.FromRows([[0, 3, 9]]), TokenMatrix.FromRows([[1, 1, 0]]), 0.5, 1.0);
        Assert.Equal([0.5f, 1f, 0f], gae.Advantages.Data);
        Assert.Equal([1.5f, 3f, 0f], gae.Returns.Data);
        Assert.Equal([1f, 2f, 0f], gae.MaskedValues.Data);
    }

    [Fact]
    public void RewardShaping_ScoreAtLastResponseToken_KlEverywhere()
    {
        // β = 0.5, kl = [0.2, 0.4, 0.6, 0.8], mask [0, 1, 1, 0], score 3 → last response token is t = 2.
        var shaped = RewardShaping.Compute([3f], TokenMatrix.FromRows([[0.2f, 0.4f, 0.6f, 0.8f]]), TokenMatrix.FromRows([[0, 1, 1, 0]]), 0.5);
        Assert.Equal([-0.1f, -0.2f, -0.3f + 3f, -0.4f], shaped.Rewards.Data);
        Assert.Equal([-0.1f, -0.2f, -0.3f, -0.4f], shaped.NonScoreRewards.Data);
    }

    [Fact]
    public void KlPenalty_FourVariants_HandValues()
    {
        var lp = TokenMatrix.FromRows([[-1f, -2f]]);
        var rp = TokenMatrix.FromRows([[-1.5f, -1f]]);
        Assert.Equal([0.5f, -1f], KlPenalty.PerToken(KlPenaltyKind.Kl, lp, rp).Data);
        Assert.Equal([0.5f, 1f], KlPenalty.PerToken(KlPenaltyKind.Abs, lp, rp).Data);
        Assert.Equal([0.125f, 0.5f], KlPenalty.PerToken(KlPenaltyKind.Mse, lp, rp).Data);
        Assert.Throws<ArgumentException>(() => KlPenalty.PerToken(KlPenaltyKind.Full, lp, rp));

        // KL([½, ½] ‖ [¼, ¾]) = ½ln2 + ½ln(2/3) = ½ ln(4/3).
        var full = KlPenalty.FullFromLogits([0f, 0f], [0f, MathF.Log(3f)]);
        Assert.Equal(0.5 * Math.Log(4.0 / 3.0), full, 6);
        Assert.Equal(0f, KlPenalty.FullFromLogits([1f, 2f, 3f], [1f, 2f, 3f]), 6);
    }

    [Fact]
    public void Entropy_UniformLogits_IsLogV()
    {
        Assert.Equal(Math.Log(4), LogitMath.Entropy([3f, 3f, 3f, 3f]), 6);
        Assert.Equal(0, LogitMath.Entropy([0f, -1000f]), 6);
    }

    [Fact]
    public void PpoLoss_OneToken_ClippingByHand()
    {
        // One kept token, A = 1 (whitening of a single other-token batch is bypassed by building the batch directly),
        // old logp = 0, new logp = ln 1.5 → r = 1.5 > 1.2: pg = max(−1.5, −1.2) = −1.2, clipped → gradient 0.
        // V_old = 0, R = 1, v = 0.5: clip(0.5, −0.2, 0.2) = 0.2; max((0.5−1)², (0.2−1)²) = 0.64 → vf = 0.32, clipped → 0.
        var batch = OneTokenBatch(advantage: 1f, ret: 1f);
        var s = new PpoSettings { BatchSize = 1, MiniBatchSize = 1 };
        var r = PpoLoss.Compute(batch, [0], TokenMatrix.FromRows([[MathF.Log(1.5f)]]), TokenMatrix.FromRows([[0.5f]]), s);
        Assert.Equal(-1.2, r.PolicyLoss, 6);
        Assert.Equal(0.32, r.ValueLoss, 6);
        Assert.Equal(-1.2 + 0.1 * 0.32, r.Loss, 6);
        Assert.Equal(0f, r.GradLogProbs[0, 0]);
        Assert.Equal(0f, r.GradValues[0, 0]);
        Assert.Equal(1.0, r.Statistics.ClipFraction);
        Assert.Equal(1.0, r.Statistics.ValueClipFraction);

        // r = 0.9 inside the range, v = 0.1 inside: ∂pg/∂logp = −A·r = −0.9; ∂(0.1·vf)/∂v = 0.1·(0.1 − 1) = −0.09.
        var inside = PpoLoss.Compute(batch, [0], TokenMatrix.FromRows([[MathF.Log(0.9f)]]), TokenMatrix.FromRows([[0.1f]]), s, lossScale: 0.5);
        Assert.Equal(-0.9 * 0.5, inside.GradLogProbs[0, 0], 6);
        Assert.Equal(-0.09 * 0.5, inside.GradValues[0, 0], 6);
        Assert.Equal(-0.9 + 0.1 * 0.5 * 0.81, inside.Loss, 6); // losses are reported unscaled
    }

    [Fact]
    public void PpoLoss_RatioAboveThreshold_SkipsWithZeroGradient()
    {
        var batch = OneTokenBatch(advantage: -1f, ret: 0f);
        var s = new PpoSettings { BatchSize = 1, MiniBatchSize = 1, RatioThreshold = 2 };
        var r = PpoLoss.Compute(batch, [0], TokenMatrix.FromRows([[MathF.Log(3f)]]), TokenMatrix.FromRows([[0f]]), s);
        Assert.True(r.Skipped);
        Assert.Equal(0, r.Loss);
        Assert.All(r.GradLogProbs.Data, g => Assert.Equal(0f, g));
        Assert.Equal(3, r.Statistics.MeanRatio, 5);
    }

    [Fact]
    public void PpoLoss_MiniBatchWithoutKeptTokens_IsEmptyNotNaN()
    {
        var batch = OneTokenBatch(advantage: 1f, ret: 1f) with { Mask = TokenMatrix.FromRows([[0f]]) };
        var r = PpoLoss.Compute(batch, [0], TokenMatrix.FromRows([[0f]]), TokenMatrix.FromRows([[0f]]), new PpoSettings { BatchSize = 1 });
        Assert.True(r.Empty);
        Assert.Equal(0, r.Loss);
        Assert.All(r.GradValues.Data, g => Assert.Equal(0f, g));
    }

    private static PreparedBatch OneTokenBatch(float advantage, float ret)
    {
        var one = TokenMatrix.FromRows([[1f]]);
        var zero = TokenMatrix.FromRows([[0f]]);
        var cvar = Risk.CvarFilter.Select([ret], [0f], 1);
        var stats = new BatchStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
        return new PreparedBatch(zero, zero, TokenMatrix.FromRows([[advantage]]), TokenMatrix.FromRows([[ret]]), one, zero, zero, [ret], cvar, stats);
    }
}
