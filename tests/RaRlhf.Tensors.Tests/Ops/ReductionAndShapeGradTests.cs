using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class ReductionAndShapeGradTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sum")]
    [InlineData("mean")]
    [InlineData("sum0")]
    [InlineData("sum1keep")]
    [InlineData("sumLast")]
    [InlineData("mean1")]
    [InlineData("meanLastKeep")]
    public void Reduction_FiniteDifferences_MatchBackward(string op)
    {
        var x = GradCheck.Random(3, [3, 4, 5]);
        GradCheck.Check(t => op switch
        {
            "sum" => t[0].Sum(),
            "mean" => t[0].Mean(),
            "sum0" => t[0].Sum(0),
            "sum1keep" => t[0].Sum(1, keepDim: true),
            "sumLast" => t[0].Sum(-1),
            "mean1" => t[0].Mean(1),
            _ => t[0].Mean(-1, keepDim: true),
        }, [x], output);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(1, 3)]
    [InlineData(-1, -2)]
    public void Transpose_FiniteDifferences_MatchBackward(int d0, int d1)
    {
        GradCheck.Check(t => t[0].Transpose(d0, d1).Scale(1.5f), [GradCheck.Random(4, [2, 3, 4, 5])], output);
    }

    [Fact]
    public void Transpose_Values_MatchIndexDefinition()
    {
        var x = GradCheck.Random(5, [2, 3, 4], requiresGrad: false);
        var y = x.Transpose(0, 2);
        Assert.Equal([4, 3, 2], y.Shape);
        for (var i = 0; i < 2; i++) for (var j = 0; j < 3; j++) for (var k = 0; k < 4; k++)
        {
            Assert.Equal(x[i, j, k], y[k, j, i]);
        }
    }

    [Fact]
    public void SliceConcatReshape_FiniteDifferences_MatchBackward()
    {
        var a = GradCheck.Random(6, [3, 6, 2]);
        var b = GradCheck.Random(7, [3, 1, 2]);
        GradCheck.Check(t =>
        {
            var s = t[0].Slice(1, 1, 4);                        // (3, 4, 2)
            var c = ShapeOps.Concat([s, t[1], t[0].Slice(1, 5, 1).Reshape(3, 2).Reshape(3, 1, 2)], 1); // (3, 6, 2)
            return c.Reshape(-1, 4).Mul(c.Reshape(9, 4));       // a reshape used twice accumulates into one storage
        }, [a, b], output);
    }

    [Fact]
    public void Reshape_BadSize_ThrowsNamingShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, 2));
        Assert.Contains("[2, 3]", e.Message);
    }
}
