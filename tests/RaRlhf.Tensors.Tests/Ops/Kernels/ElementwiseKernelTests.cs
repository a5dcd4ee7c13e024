using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops.Kernels;

/// <summary>Every SIMD kernel against its scalar reference on odd lengths (tails of every vector width).</summary>
public sealed class ElementwiseKernelTests(ITestOutputHelper output)
{
    public static TheoryData<int> Lengths() => [1, 7, 33, 257, 1000];

    private delegate void Unary(ReadOnlySpan<float> x, Span<float> y);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void BinaryKernels_OddLengths_MatchReference(int n)
    {
        var a = Values(1, n, 3f, 0f);
        var b = Values(2, n, 1f, 2.5f); // divisor away from 0
        Compare("add", n, (x, y) => Elementwise.Add(a, b, y), (x, y) => ElementwiseReference.Add(a, b, y), 0);
        Compare("mul", n, (x, y) => Elementwise.Mul(a, b, y), (x, y) => ElementwiseReference.Mul(a, b, y), 0);
        Compare("div", n, (x, y) => Elementwise.Div(a, b, y), (x, y) => ElementwiseReference.Div(a, b, y), 1e-7);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UnaryKernels_OddLengths_MatchReference(int n)
    {
        var x = Values(3, n, 4f, 0f);
        Compare("exp", n, (_, y) => Elementwise.Exp(x, y), (_, y) => ElementwiseReference.Exp(x, y), 1e-6);
        Compare("tanh", n, (_, y) => Elementwise.Tanh(x, y), (_, y) => ElementwiseReference.Tanh(x, y), 1e-6);
        Compare("gelu", n, (_, y) => Elementwise.Gelu(x, y), (_, y) => ElementwiseReference.Gelu(x, y), 1e-6);
        Compare("softmax", n, (_, y) => Elementwise.Softmax(x, y), (_, y) => ElementwiseReference.Softmax(x, y), 1e-6);
        Compare("log_softmax", n, (_, y) => Elementwise.LogSoftmax(x, y), (_, y) => ElementwiseReference.LogSoftmax(x, y), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AccumulatingKernels_OddLengths_MatchReference(int n)
    {
        var a = Values(4, n, 2f, 0f);
        var b = Values(5, n, 2f, 0f);
        var start = Values(6, n, 1f, 0f);
        Compare("axpy", n, (_, y) => { start.CopyTo(y); Elementwise.AddScaledInPlace(y, a, -0.7f); },
            (_, y) => { start.CopyTo(y); ElementwiseReference.AddScaledInPlace(y, a, -0.7f); }, 1e-6);
        Compare("addprod", n, (_, y) => { start.CopyTo(y); Elementwise.AddProductInPlace(y, a, b); },
            (_, y) => { start.CopyTo(y); ElementwiseReference.AddProductInPlace(y, a, b); }, 1e-6);
        Compare("addexp", n, (_, y) => { start.CopyTo(y); Elementwise.AddScaledExpInPlace(y, a, 0.4f, -1.3f); },
            (_, y) => { start.CopyTo(y); ElementwiseReference.AddScaledExpInPlace(y, a, 0.4f, -1.3f); }, 1e-6);
        Compare("gelu_backward", n, (_, y) => { start.CopyTo(y); Elementwise.GeluBackward(a, b, y); },
            (_, y) => { start.CopyTo(y); ElementwiseReference.GeluBackward(a, b, y); }, 1e-6);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Reductions_OddLengths_MatchReference(int n)
    {
        var a = Values(7, n, 2f, 0.3f);
        var b = Values(8, n, 2f, 0f);
        var scale = 1 + n; // float accumulation of n terms: relative error grows with n
        Assert.Equal(ReductionReference.Sum(a), Reduction.Sum(a), 1e-6 * scale);
        Assert.Equal(ReductionReference.Dot(a, b), Reduction.Dot(a, b), 1e-6 * scale);
        Assert.Equal(ReductionReference.SumOfSquares(a), Reduction.SumOfSquares(a), 1e-6 * scale);
        Assert.Equal(ReductionReference.Max(a), Reduction.Max(a));
        Assert.Equal(ReductionReference.LogSumExp(a), Reduction.LogSumExp(a), 1e-5);
    }

    private void Compare(string name, int n, Unary fast, Unary reference, double tolerance)
    {
        var expected = new float[n];
        var actual = new float[n];
        reference([], expected);
        fast([], actual);
        var diff = Fixtures.OpParityTests.MaxRelativeDiff(expected, actual);
        output.WriteLine($"{name} n={n}: max |Δ|/(1+|ref|) {diff:G3} (tolerance {tolerance})");
        Assert.True(diff <= tolerance, $"{name} n={n}: {diff:G3}");
    }

    private static float[] Values(ulong seed, int n, float scale, float shift) =>
        GradCheck.Random(seed, [n], scale, shift, requiresGrad: false).ToArray();
}
