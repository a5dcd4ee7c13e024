using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class MatMulGradTests(ITestOutputHelper output)
{
    public static TheoryData<int[], int[], bool, bool> Cases() => new()
    {
        { [5, 7], [7, 3], false, false },
        { [5, 7], [3, 7], false, true },
        { [7, 5], [7, 3], true, false },
        { [7, 5], [3, 7], true, true },
        { [2, 3, 5, 4], [2, 3, 4, 6], false, false }, // batched
        { [2, 4, 5], [2, 6, 5], false, true },
        { [2, 5, 4], [2, 5, 3], true, false },
        { [2, 3, 5], [5, 4], false, false },         // rows folded into one GEMM
        { [2, 5, 3], [5, 4], true, false },          // b broadcast over the batch
        { [3, 5], [2, 5, 4], false, false },         // a broadcast over the batch
        { [1, 1], [1, 1], false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatMul_FiniteDifferences_MatchBackward(int[] sa, int[] sb, bool ta, bool tb)
    {
        GradCheck.Check(x => x[0].MatMul(x[1], ta, tb), [GradCheck.Random(1, sa), GradCheck.Random(2, sb)], output);
    }

    [Fact]
    public void MatMul_Values_MatchTripleLoop()
    {
        var a = GradCheck.Random(3, [2, 4, 5], requiresGrad: false);
        var b = GradCheck.Random(4, [2, 5, 3], requiresGrad: false);
        var y = a.MatMul(b);
        for (var n = 0; n < 2; n++) for (var i = 0; i < 4; i++) for (var j = 0; j < 3; j++)
        {
            double s = 0;
            for (var k = 0; k < 5; k++) { s += a[n, i, k] * b[n, k, j]; }

            Assert.Equal(s, y[n, i, j], 1e-5);
        }
    }

    [Fact]
    public void MatMul_InnerDimensionMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 2)));
    }

    [Fact]
    public void AddBias_FiniteDifferences_MatchBackward()
    {
        GradCheck.Check(x => x[0].AddBias(x[1]), [GradCheck.Random(5, [2, 3, 7]), GradCheck.Random(6, [7])], output);
    }
}
