using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Tests.Fixtures;
using RaRlhf.Tensors;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests;

/// <summary>Masked statistics, the adaptive KL controller and SplitMix64 against the Python fixture (trl_core.json).</summary>
public sealed class CoreFixtureTests(ITestOutputHelper output)
{
    [Fact]
    public void Masked_TrlFixture_MeanVarianceWhitenMatchTorch()
    {
        var m = TrlFixture.Core.GetProperty("masked");
        float[] x = m.Floats("values"), mask = m.Floats("mask");
        Compare.Close(m.Double("mean"), Masked.Mean(x, mask), 1e-6, 1e-6, "masked_mean");
        Compare.Close(m.Double("var_unbiased"), Masked.Variance(x, mask), 1e-6, 1e-6, "masked_var");
        Compare.Close(m.Double("var_biased"), Masked.Variance(x, mask, unbiased: false), 1e-6, 1e-6, "masked_var biased");
        var d1 = Compare.AllClose(m.Floats("whiten"), Masked.Whiten(x, mask), 1e-6, 1e-6, "masked_whiten");
        var d2 = Compare.AllClose(m.Floats("whiten_keep_mean"), Masked.Whiten(x, mask, shiftMean: false), 1e-6, 1e-6, "masked_whiten shift_mean=False");
        output.WriteLine($"max diff whiten {d1:E2}, whiten(shift_mean=False) {d2:E2}");
    }

    [Fact]
    public void AdaptiveKlController_TrlFixture_TrajectoryMatches()
    {
        var c = TrlFixture.Core.GetProperty("adaptive_kl");
        var ctl = new AdaptiveKlController(c.Double("init"), c.Double("target"), c.Double("horizon"));
        var steps = c.GetProperty("n_steps").GetInt32();
        var kls = c.GetProperty("kls").EnumerateArray().Select(k => k.GetDouble()).ToArray();
        var expected = c.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < kls.Length; i++)
        {
            ctl.Update(kls[i], steps);
            Compare.Close(expected[i], ctl.Value, 1e-15, 1e-13, $"beta after update {i}");
        }
    }

    [Fact]
    public void AdaptiveKlController_HandComputed_ClipsProportionalError()
    {
        var ctl = new AdaptiveKlController(0.2, 6, 10000);
        ctl.Update(30, 128); // e = 30/6 − 1 = 4 → clipped to 0.2
        Assert.Equal(0.2 * (1 + 0.2 * 128 / 10000.0), ctl.Value, 15);
        ctl.Update(4.5, 128); // e = −0.25 → clipped to −0.2
        Assert.Equal(0.2 * (1 + 0.2 * 128 / 10000.0) * (1 - 0.2 * 128 / 10000.0), ctl.Value, 15);
        ctl.Update(6.6, 64); // e = 0.1
        Assert.Equal(0.2 * (1 + 0.2 * 128 / 10000.0) * (1 - 0.2 * 128 / 10000.0) * (1 + 0.1 * 64 / 10000.0), ctl.Value, 12);
    }

    [Fact]
    public void FixedKlController_AnyUpdate_KeepsValue()
    {
        var ctl = IKlController.Create(new PpoSettings { AdaptiveKlControl = false, InitKlCoef = 0.05 });
        ctl.Update(100, 128);
        Assert.IsType<FixedKlController>(ctl);
        Assert.Equal(0.05, ctl.Value);
    }

    [Fact]
    public void SplitMix64_PythonFixture_SameSequence()
    {
        var s = TrlFixture.Core.GetProperty("splitmix");
        var rng = new SplitMix64((ulong)s.GetProperty("seed").GetInt64());
        foreach (var expected in s.GetProperty("u64").EnumerateArray())
        {
            Assert.Equal(ulong.Parse(expected.GetString()!, System.Globalization.CultureInfo.InvariantCulture), rng.NextUInt64());
        }
    }
}
