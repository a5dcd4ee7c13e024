using RaRlhf.Rl.Reporting;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class LinearScaleTests
{
    [Fact]
    public void Map_YAxisPointingUp_MapsEndsAndMiddleAndInverts()
    {
        var y = new LinearScale(-2, 6, 300, 100).Validate();
        Assert.Equal(300, y.Map(-2));
        Assert.Equal(100, y.Map(6));
        Assert.Equal(200, y.Map(2));
        Assert.Equal(350, y.Map(-4)); // extrapolates linearly
        Assert.Equal(1.5, y.Invert(y.Map(1.5)), 12);
    }

    [Fact]
    public void Validate_EmptyDomain_Throws() => Assert.Throws<ArgumentException>(() => new LinearScale(3, 3, 0, 1).Validate());

    [Fact]
    public void NiceExtent_Values_WidensToTicksAndSkipsNonFinite()
    {
        Assert.Equal((-3.0, 8.0), LinearScale.NiceExtent([-2.5, double.NaN, 7.3, double.PositiveInfinity], 10));
        Assert.Equal((1.5, 2.5), LinearScale.NiceExtent([2, 2, 2], 10)); // one distinct value still gets an axis
        Assert.Null(LinearScale.NiceExtent([double.NaN], 10));
        Assert.Null(LinearScale.NiceExtent([], 10));
    }
}
