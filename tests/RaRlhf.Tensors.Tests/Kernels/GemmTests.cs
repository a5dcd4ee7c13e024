using RaRlhf.Tensors.Kernels;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>Fast <see cref="Gemm.Sgemm"/> against the naive <see cref="GemmReference"/> on odd shapes.</summary>
public sealed class GemmTests(ITestOutputHelper output)
{
    private static readonly int[] OddSizes = [1, 7, 33, 257];

    public static TheoryData<bool, bool> Transposes => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Sgemm_AllOddShapes_MatchesReference(bool transA, bool transB)
    {
        double worst = 0;
        foreach (var m in OddSizes)
        foreach (var n in OddSizes)
        foreach (var k in OddSizes)
        {
            worst = Math.Max(worst, CheckAgainstReference(transA, transB, m, n, k, 1f, 0f, padding: 0, seed: (ulong)(m * 1000 + n * 10 + k)));
        }

        output.WriteLine($"transA={transA} transB={transB}: max |fast - reference| = {worst:E3}");
    }

    [Theory]
    [InlineData(1, 257, 33)]
    [InlineData(130, 1, 7)]
    [InlineData(400, 3, 600)] // m > mc and k > kc: several A blocks and accumulating depth blocks
    [InlineData(3, 2100, 300)] // n > nc: several B panels
    [InlineData(15, 33, 1)] // one row past a 14-row tile, one column past a 32-column tile
    public void Sgemm_MixedShapesAllTransposes_MatchesReference(int m, int n, int k)
    {
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var diff = CheckAgainstReference(transA, transB, m, n, k, 1f, 0f, padding: 0, seed: 7);
            output.WriteLine($"{m}x{n}x{k} transA={transA} transB={transB}: max diff {diff:E3}");
        }
    }

    [Theory]
    [InlineData(0.5f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-2f, 0.25f)]
    [InlineData(0f, 3f)]
    public void Sgemm_AlphaBetaWithLargeLeadingDims_MatchesReference(float alpha, float beta)
    {
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var diff = CheckAgainstReference(transA, transB, 37, 45, 290, alpha, beta, padding: 5, seed: 11);
            output.WriteLine($"alpha={alpha} beta={beta} transA={transA} transB={transB}: max diff {diff:E3}");
        }
    }

    [Fact]
    public void Sgemm_BetaZeroWithNaNInC_IgnoresOldC()
    {
        const int m = 20, n = 40, k = 9;
        var a = GemmTestMatrices.Random(m * k, 1);
        var b = GemmTestMatrices.Random(k * n, 2);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        var expected = new float[m * n];
        GemmReference.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n);

        Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);

        Assert.DoesNotContain(c, float.IsNaN);
        Assert.True(GemmTestMatrices.MaxAbsDiff(expected, c, m, n, n) <= GemmTestMatrices.Tolerance(k, 1f, 0f));
    }

    [Fact]
    public void Sgemm_ZeroDepth_ScalesCByBeta()
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        Gemm.Sgemm(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0.5f, c.AsSpan(0, 2), 2);
        Gemm.Sgemm(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0f, c.AsSpan(2, 2), 2);
        Assert.Equal(new[] { 0.5f, 1f, 0f, 0f }, c);
    }

    /// <summary>Runs both kernels (C padded by <paramref name="padding"/> columns of sentinels) and asserts.</summary>
    private static double CheckAgainstReference(
        bool transA, bool transB, int m, int n, int k, float alpha, float beta, int padding, ulong seed)
    {
        var lda = (transA ? m : k) + padding;
        var ldb = (transB ? k : n) + padding;
        var ldc = n + padding;
        var a = GemmTestMatrices.Random((transA ? k : m) * (long)lda, seed);
        var b = GemmTestMatrices.Random((transB ? n : k) * (long)ldb, seed + 1);
        var c = GemmTestMatrices.Random(m * (long)ldc, seed + 2);
        for (var i = 0; i < m; i++)
        for (var j = n; j < ldc; j++)
            c[i * ldc + j] = 12345f; // outside the n columns: must survive untouched

        var expected = (float[])c.Clone();
        GemmReference.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        Gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        var diff = GemmTestMatrices.MaxAbsDiff(expected, c, m, n, ldc);
        var tolerance = GemmTestMatrices.Tolerance(k, alpha, beta);
        Assert.True(diff <= tolerance, $"{m}x{n}x{k} transA={transA} transB={transB}: diff {diff} > {tolerance}");
        for (var i = 0; i < m; i++)
        for (var j = n; j < ldc; j++)
            Assert.Equal(12345f, c[i * ldc + j]);
        return diff;
    }
}
