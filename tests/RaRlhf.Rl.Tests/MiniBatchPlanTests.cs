using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Tests;

public sealed class MiniBatchPlanTests
{
    [Fact]
    public void Create_EveryEpoch_IsAPermutationCutIntoStepsAndMiniBatches()
    {
        var s = new PpoSettings { BatchSize = 12, MiniBatchSize = 2, GradientAccumulationSteps = 3, PpoEpochs = 4, Seed = 5 };
        var plan = MiniBatchPlan.Create(s, ppoStep: 0);
        Assert.Equal(4, plan.Epochs.Count);
        Assert.Equal(1.0 / 3, plan.LossScale, 15);
        foreach (var epoch in plan.Epochs)
        {
            Assert.Equal(2, epoch.Steps.Count);
            Assert.All(epoch.Steps, st => Assert.Equal(3, st.MiniBatches.Count));
            Assert.All(epoch.Steps.SelectMany(st => st.MiniBatches), mb => Assert.Equal(2, mb.Length));
            var rows = epoch.Steps.SelectMany(st => st.MiniBatches).SelectMany(mb => mb).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 12), rows);
        }

        Assert.NotEqual(plan.Epochs[0].Steps[0].MiniBatches[0], plan.Epochs[1].Steps[0].MiniBatches[0]);
    }

    [Fact]
    public void Create_SameSeedAndStep_SamePlan_OtherStepDiffers()
    {
        var s = new PpoSettings { BatchSize = 16, MiniBatchSize = 4, Seed = 1 };
        static int[] Flat(MiniBatchPlan p) => p.Epochs.SelectMany(e => e.Steps).SelectMany(st => st.MiniBatches).SelectMany(m => m).ToArray();
        Assert.Equal(Flat(MiniBatchPlan.Create(s, 3)), Flat(MiniBatchPlan.Create(s, 3)));
        Assert.NotEqual(Flat(MiniBatchPlan.Create(s, 3)), Flat(MiniBatchPlan.Create(s, 4)));
    }

    [Fact]
    public void Settings_BatchNotMultipleOfBackwardBatch_ThrowsNamingKey()
    {
        var e = Assert.Throws<ArgumentException>(() => new PpoSettings { BatchSize = 10, MiniBatchSize = 4 }.Validate());
        Assert.Contains("'batch_size'", e.Message);
        Assert.Contains("'cliprange'", Assert.Throws<ArgumentException>(() => new PpoSettings { ClipRange = 0 }.Validate()).Message);
        Assert.Contains("'max_grad_norm'", Assert.Throws<ArgumentException>(() => new PpoSettings { MaxGradNorm = -1 }.Validate()).Message);
    }

    [Fact]
    public void Settings_Defaults_AreTrl072()
    {
        var s = new PpoSettings().Validate();
        Assert.Equal(1.41e-5, s.LearningRate);
        Assert.Equal((256, 1, 1, 4), (s.BatchSize, s.MiniBatchSize, s.GradientAccumulationSteps, s.PpoEpochs));
        Assert.Equal((1.0, 0.95, 0.2, 0.2, 0.1), (s.Gamma, s.Lam, s.ClipRange, s.ClipRangeValue, s.VfCoef));
        Assert.Equal((0.2, true, 6.0, 10000.0), (s.InitKlCoef, s.AdaptiveKlControl, s.Target, s.Horizon));
        Assert.Equal((KlPenaltyKind.Kl, 10.0, false, 1.0), (s.KlPenalty, s.RatioThreshold, s.EarlyStopping, s.TargetKl));
        Assert.Null(s.MaxGradNorm);
        Assert.False(s.WhitenRewards);
        Assert.Equal(0, s.Seed);
    }

    [Fact]
    public void EarlyStopping_PolicyKlAboveOneAndHalfTarget_Stops()
    {
        var s = new PpoSettings { EarlyStopping = true, TargetKl = 0.1 };
        Assert.False(EarlyStopping.ShouldStop(s, 0.15));
        Assert.True(EarlyStopping.ShouldStop(s, 0.1500001));
        Assert.False(EarlyStopping.ShouldStop(s with { EarlyStopping = false }, 5));
    }

    [Fact]
    public void ClipGlobalNorm_AboveMax_ScalesLikeTorch()
    {
        float[] a = [3, 0], b = [0, 4];
        var norm = GradientClipping.ClipGlobalNorm([a, b], 1.0);
        Assert.Equal(5, norm, 6);
        var coef = 1.0 / (5 + 1e-6);
        Assert.Equal((float)(3 * coef), a[0]);
        Assert.Equal((float)(4 * coef), b[1]);
        float[] c = [0.1f];
        GradientClipping.ClipGlobalNorm([c], 1.0);
        Assert.Equal(0.1f, c[0]);
    }
}
