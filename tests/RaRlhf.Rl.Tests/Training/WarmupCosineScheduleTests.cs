using RaRlhf.Rl.Training;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>Values worked out by hand from the formula (HF get_cosine_schedule_with_warmup, num_cycles 0.5).</summary>
public sealed class WarmupCosineScheduleTests
{
    [Theory]
    [InlineData(0, 0.0)]        // warmup starts at 0
    [InlineData(5, 0.5)]        // 5/10 of the peak
    [InlineData(10, 1.0)]       // peak
    [InlineData(35, 0.8535534)] // progress 0.25: ½(1 + cos π/4) = 0.853553…
    [InlineData(60, 0.5)]       // progress 0.5
    [InlineData(110, 0.0)]      // end
    [InlineData(200, 0.0)]      // clamped past the end
    public void At_Warmup10Total110_MatchesFormula(long step, double expected)
    {
        Assert.Equal(expected, new WarmupCosineSchedule(1.0, 10, 110).At(step), 6);
    }

    [Fact]
    public void At_WithFloor_DecaysToTheFloor()
    {
        var s = new WarmupCosineSchedule(1e-3, 0, 100, MinLearningRate: 1e-4);
        Assert.Equal(1e-3, s.At(0), 12);
        Assert.Equal(1e-4 + 0.9e-3 * 0.5, s.At(50), 12);
        Assert.Equal(1e-4, s.At(100), 12);
    }

    [Fact]
    public void At_FloorAbovePeak_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WarmupCosineSchedule(1e-4, 0, 10, MinLearningRate: 1e-3).At(0));
    }
}
