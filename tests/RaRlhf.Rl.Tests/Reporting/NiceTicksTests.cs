using RaRlhf.Rl.Reporting;
using RaRlhf.Tensors;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class NiceTicksTests
{
    // Expected values are d3.ticks(min, max, count) outputs (d3-array 3), written as decimal literals.
    [Theory]
    [InlineData(0, 1, 10, 0.1, new[] { 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1 })]
    [InlineData(-2.5, 7.3, 5, 2, new double[] { -2, 0, 2, 4, 6 })]
    [InlineData(0, 100, 5, 20, new double[] { 0, 20, 40, 60, 80, 100 })]
    [InlineData(0.001, 0.0093, 4, 0.002, new[] { 0.002, 0.004, 0.006, 0.008 })]
    [InlineData(25, 65, 6, 5, new double[] { 25, 30, 35, 40, 45, 50, 55, 60, 65 })]
    public void Compute_KnownRanges_MatchD3Ticks(double min, double max, int count, double step, double[] expected)
    {
        var ticks = NiceTicks.Compute(min, max, count);
        Assert.Equal(step, ticks.Step, 12);
        Assert.Equal(expected, ticks.Values); // exact: 0.3 must be 0.3, not 0.30000000000000004
    }

    [Fact]
    public void Compute_RandomRanges_StepIsOneTwoOrFiveTimesPowerOfTenAndTicksCoverRange()
    {
        var rng = new SplitMix64(11);
        for (var trial = 0; trial < 2000; trial++)
        {
            var scale = Math.Pow(10, rng.NextInt(13) - 6);
            var a = (rng.NextUnit() - 0.5) * scale * 10;
            var b = a + (rng.NextUnit() + 1e-3) * scale;
            var count = 1 + rng.NextInt(12);
            var ticks = NiceTicks.Compute(a, b, count);

            var mantissa = ticks.Step / Math.Pow(10, Math.Floor(Math.Log10(ticks.Step) + 1e-12));
            Assert.Contains(new[] { 1.0, 2.0, 5.0, 10.0 }, m => Math.Abs(m - mantissa) < 1e-9);
            // The mantissa switches at √2, √10, √50, so step / (span/count) lies in [2/√10, 5/√10]: about count ticks.
            var raw = (b - a) / count;
            Assert.InRange(ticks.Step / raw, 2 / Math.Sqrt(10) - 1e-9, 5 / Math.Sqrt(10) + 1e-9);
            Assert.All(ticks.Values, t => Assert.InRange(t, a - ticks.Step * 1e-9, b + ticks.Step * 1e-9));
            Assert.True(ticks.Values.Count >= 1 || ticks.Step > b - a, $"[{a}, {b}] count {count}: no tick");
            for (var i = 1; i < ticks.Values.Count; i++)
            {
                Assert.Equal(ticks.Step, ticks.Values[i] - ticks.Values[i - 1], ticks.Step * 1e-9);
            }

            var (lo, hi) = NiceTicks.NiceDomain(a, b, count);
            Assert.True(lo <= a && hi >= b, $"nice domain [{lo}, {hi}] must cover [{a}, {b}]");
            Assert.True(hi - lo < b - a + 2 * ticks.Step + ticks.Step * 1e-9, $"nice domain [{lo}, {hi}] widens [{a}, {b}] by more than a step per side");
        }
    }

    [Theory]
    [InlineData(0, 0.01, 5, 3)]
    [InlineData(0, 100, 5, 0)]
    [InlineData(0, 3, 6, 1)]
    public void Decimals_ForStep_PrintsEveryTickExactly(double min, double max, int count, int decimals) =>
        Assert.Equal(decimals, NiceTicks.Compute(min, max, count).Decimals);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(0, double.PositiveInfinity)]
    public void Compute_EmptyOrNonFiniteRange_Throws(double min, double max) =>
        Assert.Throws<ArgumentException>(() => NiceTicks.Compute(min, max, 5));
}
