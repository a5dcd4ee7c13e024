using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;

namespace RaRlhf.Tensors.Tests.Ops;

/// <summary>Pointwise ops over ≥ 2^17 elements run in parallel chunks; results must equal the scalar definitions.</summary>
public sealed class LargeTensorParallelTests
{
    private const int N = 300_007; // not a multiple of the chunk or any vector width

    [Fact]
    public void Gelu_LargeTensor_MatchesReferenceForwardAndBackward()
    {
        var x = GradCheck.Random(1, [N], 4f);
        var seed = GradCheck.Random(2, [N], requiresGrad: false).ToArray();
        var y = x.Gelu();
        y.Backward(seed);

        var expected = new float[N];
        ElementwiseReference.Gelu(x.Data, expected);
        var expectedGrad = new float[N];
        ElementwiseReference.GeluBackward(x.Data, seed, expectedGrad);
        Assert.True(Fixtures.OpParityTests.MaxRelativeDiff(expected, y.Data) <= 1e-6);
        Assert.True(Fixtures.OpParityTests.MaxRelativeDiff(expectedGrad, x.Grad) <= 1e-6);
    }

    [Fact]
    public void Mul_LargeTensors_MatchesProductRuleEverywhere()
    {
        var a = GradCheck.Random(3, [N]);
        var b = GradCheck.Random(4, [N]);
        var seed = GradCheck.Random(5, [N], requiresGrad: false).ToArray();
        var y = a.Mul(b);
        y.Backward(seed);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(a.Data[i] * b.Data[i], y.Data[i]);
            Assert.Equal(seed[i] * b.Data[i], a.Grad[i], 1e-6f);
            Assert.Equal(seed[i] * a.Data[i], b.Grad[i], 1e-6f);
        }
    }
}
