using RaRlhf.Rl.Reporting;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class SvgPathBuilderTests
{
    [Fact]
    public void Add_NonFinitePoint_BreaksTheLineIntoANewSubpath()
    {
        var d = new SvgPathBuilder().Add(0, 0).Add(1.004, 2.5).Add(double.NaN, 3).Add(3, 3).Add(4, 1).ToString();
        Assert.Equal("M0 0 L1 2.5 M3 3 L4 1", d);
    }

    [Fact]
    public void Add_OnlyNonFinite_BuildsEmptyPath()
    {
        var path = new SvgPathBuilder().Add(double.NaN, 0).Add(1, double.NegativeInfinity);
        Assert.Equal(string.Empty, path.ToString());
        Assert.Equal(0, path.Points);
    }
}
