using RaRlhf.Rl.Risk;

namespace RaRlhf.Rl.Tests;

public sealed class RiskScheduleTests
{
    [Theory]
    [InlineData(194, "0.4", 52)] // IMDB
    [InlineData(288, "0.2", 26)] // Jigsaw
    [InlineData(452, "0.2", 26)] // RealToxicityPrompts
    public void Soft_PaperSettings_EndAtCeilAlphaB_AndFullBatchThroughWarmup(int iterations, string alpha, int last)
    {
        var s = new RiskSchedule(128, iterations, decimal.Parse(alpha, System.Globalization.CultureInfo.InvariantCulture), 30, 0.95m);
        var b0 = s.KeepCounts();
        Assert.Equal(iterations, b0.Length);
        Assert.Equal(last, b0[^1]);
        Assert.All(b0.Take(31), k => Assert.Equal(128, k)); // m = 0…n
        for (var m = 1; m < b0.Length; m++)
        {
            Assert.True(b0[m] <= b0[m - 1], $"B0 increased at m = {m}");
        }

        var end = (int)Math.Ceiling(0.95m * iterations);
        Assert.All(b0.Skip(end), k => Assert.Equal(last, k));
        Assert.True(b0[end - 1] >= last);
    }

    [Fact]
    public void Soft_ImdbMidpoint_MatchesHandFormula()
    {
        // ⌈ρM⌉ = ⌈184.3⌉ = 185, K = 0.6/155; m = 100: 128·(1 − 0.6·70/155) = 93.316… → 94.
        Assert.Equal(94, new RiskSchedule(128, 194, 0.4m, 30, 0.95m).KeepCountAt(100));
    }

    [Fact]
    public void Soft_ExactIntegerProduct_NotRoundedUpByFloatError()
    {
        // B = 100, M = 288, α = 0.4, n = 30: ⌈ρM⌉ = 274, K = 0.6/244; m = 213: 100·(1 − 0.6·183/244) = 55 exactly,
        // while doubles give 55.00000000000001 and ⌈·⌉ = 56.
        Assert.Equal(56, (int)Math.Ceiling(100 * Math.Max(0.4, 1 - 0.6 / 244 * 183)));
        Assert.Equal(55, new RiskSchedule(100, 288, 0.4m, 30, 0.95m).KeepCountAt(213));
        Assert.Equal(52, new RiskSchedule(128, 10, 0.4m, 0, 1m, RiskScheduleKind.Constant).KeepCountAt(3));
    }

    [Theory]
    [InlineData(RiskScheduleKind.Soft)]
    [InlineData(RiskScheduleKind.Linear)]
    [InlineData(RiskScheduleKind.Constant)]
    public void AlphaOne_AnyKind_IsPlainRlhf(RiskScheduleKind kind)
    {
        Assert.All(new RiskSchedule(64, 50, 1m, 10, 0.9m, kind).KeepCounts(), k => Assert.Equal(64, k));
    }

    [Fact]
    public void Linear_NoWarmStart_DecaysFromFirstIteration()
    {
        // ⌈ρM⌉ = 10; m = 5: 100·max(0.2, 1 − 0.8·5/10) = 60; m ≥ 10: 20.
        var s = new RiskSchedule(100, 20, 0.2m, 30, 1m / 2, RiskScheduleKind.Linear);
        var b0 = s.KeepCounts();
        Assert.Equal(100, b0[0]);
        Assert.Equal(92, b0[1]);
        Assert.Equal(60, b0[5]);
        Assert.All(b0.Skip(10), k => Assert.Equal(20, k));
    }

    [Fact]
    public void Invalid_Parameters_ThrowNamingTheKey()
    {
        Assert.Contains("'alpha'", Assert.Throws<ArgumentException>(() => new RiskSchedule(8, 10, 0m, 1, 0.9m).Validate()).Message);
        Assert.Contains("'rho'", Assert.Throws<ArgumentException>(() => new RiskSchedule(8, 10, 0.5m, 1, 1.5m).Validate()).Message);
        Assert.Contains("'batch'", Assert.Throws<ArgumentException>(() => new RiskSchedule(0, 10, 0.5m, 1, 0.9m).Validate()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RiskSchedule(8, 10, 0.5m, 1, 0.9m).KeepCountAt(10));
    }
}
