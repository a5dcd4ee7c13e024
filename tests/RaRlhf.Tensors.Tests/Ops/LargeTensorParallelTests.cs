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
        var forward = Fixtures.OpParityTests.MaxRelativeDiff(expected, y.Data);
        var backward = Fixtures.OpParityTests.MaxRelativeDiff(expectedGrad, x.Grad);
        Assert.True(forward <= 1e-6 && backward <= 3e-6, // measured 2.4e-7 and 1.1e-6 (SIMD vs libm tanh)
            $"max rel diff forward {forward:G3}, backward {backward:G3}");
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
