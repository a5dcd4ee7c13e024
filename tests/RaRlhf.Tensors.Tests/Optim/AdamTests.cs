using RaRlhf.Tensors.Optim;
using RaRlhf.Tensors.Tests.Autograd;
using RaRlhf.Tensors.Tests.Fixtures;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Optim;

public sealed class AdamTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => [.. OpFixtures.Instance.Optimizers.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_TenStepsAgainstTorchOptim_MatchesTrajectoryAndMoments(string name)
    {
        var c = OpFixtures.Instance.Optimizers.Single(o => o.Name == name);
        var values = GradCheck.Random(c.ParamSeed, [c.Size]).ToArray();
        var adam = new Adam(c.Size, new AdamSettings(c.Lr, c.Beta1, c.Beta2, c.Eps, c.WeightDecay, c.Decoupled));
        double worst = 0;
        for (var step = 0; step < c.Trajectory.Count; step++)
        {
            var grads = GradCheck.Random(c.GradSeedBase + (ulong)step, [c.Size], step % 2 == 1 ? 0.5f : 2f).ToArray();
            adam.Step(values, grads);
            worst = Math.Max(worst, OpParityTests.MaxRelativeDiff(c.Trajectory[step], values));
        }

        var mDiff = OpParityTests.MaxRelativeDiff(c.ExpAvg, adam.State.M);
        var vDiff = OpParityTests.MaxRelativeDiff(c.ExpAvgSq, adam.State.V);
        output.WriteLine($"{name}: max rel diff params {worst:G3}, exp_avg {mDiff:G3}, exp_avg_sq {vDiff:G3} (tolerance 1e-6)");
        Assert.Equal(c.Trajectory.Count, adam.State.Step);
        Assert.True(worst <= 1e-6 && mDiff <= 1e-6 && vDiff <= 1e-6);
    }

    [Fact]
    public void Step_FirstStep_MovesEachParameterByLearningRateAgainstGradientSign()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + eps) ≈ lr·sign(g): a closed form.
        float[] values = [1f, -2f, 0.5f, 3f];
        float[] grads = [0.3f, -4f, 1e-3f, -0.02f];
        var adam = new Adam(values.Length, new AdamSettings(LearningRate: 0.1f, Eps: 1e-8f));
        var before = values.ToArray();
        adam.Step(values, grads);
        for (var i = 0; i < values.Length; i++)
        {
            var expected = before[i] - 0.1 * grads[i] / (Math.Abs(grads[i]) + 1e-8);
            Assert.Equal(expected, values[i], 1e-6);
        }
    }

    [Fact]
    public void LoadState_RestoredSnapshot_ContinuesIdentically()
    {
        var settings = AdamSettings.AdamW(1e-2f);
        var a = new Adam(9, settings);
        var p = GradCheck.Random(1, [9]).ToArray();
        var g = GradCheck.Random(2, [9]).ToArray();
        a.Step(p, g);
        a.Step(p, g);
        var snapshot = (a.State.Step, M: a.State.M.ToArray(), V: a.State.V.ToArray(), P: p.ToArray());
        a.Step(p, g);

        var b = new Adam(9, settings);
        b.LoadState(snapshot.Step, snapshot.M, snapshot.V);
        var q = snapshot.P;
        b.Step(q, g);
        Assert.Equal(p, q);
    }

    [Fact]
    public void Step_WithParameterBuffer_UpdatesViewsInPlace()
    {
        var buffer = new ParameterBuffer([("w", [2, 3]), ("b", [3])]);
        buffer["w"].Data.Fill(1f);
        buffer["b"].Grad.Fill(1f);
        var adam = new Adam(buffer, new AdamSettings(LearningRate: 0.5f));
        adam.Step();
        Assert.All(buffer["w"].ToArray(), v => Assert.Equal(1f, v)); // zero grad, no decay: unchanged
        Assert.All(buffer["b"].ToArray(), v => Assert.Equal(-0.5f, v, 1e-6f));
    }

    [Fact]
    public void Step_MismatchedSizes_Throws()
    {
        var adam = new Adam(4, new AdamSettings());
        Assert.Throws<ArgumentException>(() => adam.Step(new float[4], new float[3]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(257)]
    [InlineData(1000)]
    [InlineData(300_001)] // takes the multi-threaded path
    public void AdamKernel_OddLengths_MatchesScalarReference(int n)
    {
        foreach (var decoupled in new[] { false, true })
        {
            var settings = new AdamSettings(1e-2f, 0.9f, 0.99f, 1e-6f, 0.1f, decoupled);
            var p1 = GradCheck.Random(3, [n]).ToArray();
            var g = GradCheck.Random(4, [n]).ToArray();
            var m1 = GradCheck.Random(5, [n], 0.1f).ToArray();
            var v1 = GradCheck.Random(6, [n], 0.1f, 0.2f).ToArray();
            var (p2, m2, v2) = (p1.ToArray(), m1.ToArray(), v1.ToArray());
            var s = AdamStepScalars.For(settings, 3);
            AdamKernel.Step(p1, g, m1, v1, s);
            AdamKernelReference.Step(p2, g, m2, v2, s);
            var diff = OpParityTests.MaxRelativeDiff(p2, p1);
            output.WriteLine($"n={n} decoupled={decoupled}: max rel diff {diff:G3}");
            Assert.True(diff <= 1e-6);
            Assert.Equal(m2, m1);
        }
    }
}
