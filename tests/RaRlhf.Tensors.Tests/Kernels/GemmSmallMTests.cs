using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>
/// The no-pack few-rows path (<see cref="GemmSmallM"/>) against the naive reference (tolerance
/// <see cref="GemmTestMatrices.Tolerance"/>) and against the packed path it replaces for m ≤ 32 (bit-identical:
/// same FMA chain per element), at edge sizes: 1, 7, 8, 9, 16, 17, 32 rows; n off the 32-column strip; k across the
/// depth block (256).
/// </summary>
public sealed unsafe class GemmSmallMTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 31, 5)]
    [InlineData(8, 32, 256)]
    [InlineData(9, 33, 257)]
    [InlineData(16, 768, 256)]
    [InlineData(16, 301, 288)]
    [InlineData(17, 64, 600)]
    [InlineData(32, 97, 64)]
    public void Run_FewRows_MatchesReferenceAndPackedPathBitForBit(int m, int n, int k)
    {
        foreach (var (alpha, beta) in new[] { (1f, 0f), (1f, 1f), (0.5f, -1.5f) })
        {
            int lda = k + 3, ldb = n + 5, ldc = n + 2;
            var a = GemmTestMatrices.Random((long)m * lda, 1);
            var b = GemmTestMatrices.Random((long)k * ldb, 2);
            var c0 = GemmTestMatrices.Random((long)m * ldc, 3);
            var expected = (float[])c0.Clone();
            var packed = (float[])c0.Clone();
            var small = (float[])c0.Clone();
            var threaded = (float[])c0.Clone();
            GemmReference.Sgemm(false, false, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
            fixed (float* pa = a, pb = b, pp = packed, ps = small)
            {
                var g = new GemmProblem(false, false, m, n, k, alpha, pa, lda, pb, ldb, beta, pp, ldc);
                Assert.True(GemmSmallM.Applies(g));
                GemmBlocked.Run(g);
                GemmSmallM.Run(new GemmProblem(false, false, m, n, k, alpha, pa, lda, pb, ldb, beta, ps, ldc));
            }

            Gemm.SgemmWithThreads(2, false, false, m, n, k, alpha, a, lda, b, ldb, beta, threaded, ldc);
            var diff = GemmTestMatrices.MaxAbsDiff(expected, small, m, ldc, ldc);
            Console.WriteLine($"small-m {m}x{n}x{k} alpha {alpha} beta {beta}: max |diff| vs reference {diff:E2}");
            Assert.True(diff <= GemmTestMatrices.Tolerance(k, alpha, beta), $"max |diff| {diff}");
            Assert.Equal(packed, small);
            Assert.Equal(packed, threaded);
        }
    }

    [Theory]
    [InlineData(16, 768, 256, false)]
    [InlineData(16, 301, 288, true)]
    [InlineData(3, 40, 600, false)]
    [InlineData(40, 33, 17, true)]
    [InlineData(9, 8192, 64, true)]
    public void SgemmPacked_PrepackedB_BitIdenticalToSgemmAndNearReference(int m, int n, int k, bool transB)
    {
        int lda = k + 1, ldb = (transB ? k : n) + 3, ldc = n + 1;
        var a = GemmTestMatrices.Random((long)m * lda, 4);
        var b = GemmTestMatrices.Random((long)(transB ? n : k) * ldb, 5);
        var packed = PackedMatrix.Pack(b, k, n, ldb, transB);
        foreach (var beta in new[] { 0f, 1f })
        {
            var c0 = GemmTestMatrices.Random((long)m * ldc, 6);
            var expected = (float[])c0.Clone();
            var direct = (float[])c0.Clone();
            var actual = (float[])c0.Clone();
            GemmReference.Sgemm(false, transB, m, n, k, 1f, a, lda, b, ldb, beta, expected, ldc);
            Gemm.Sgemm(false, transB, m, n, k, 1f, a, lda, b, ldb, beta, direct, ldc);
            Gemm.SgemmPacked(m, 1f, a, lda, packed, beta, actual, ldc);
            var diff = GemmTestMatrices.MaxAbsDiff(expected, actual, m, n, ldc);
            Console.WriteLine($"packed-b {m}x{n}x{k} transB {transB} beta {beta}: max |diff| vs reference {diff:E2}");
            Assert.True(diff <= GemmTestMatrices.Tolerance(k, 1f, beta));
            Assert.Equal(direct, actual);
        }

        Assert.Same(packed, PackedMatrix.Pack(b, k, n, ldb, transB, packed));
    }

    [Fact]
    public void Applies_TransposedOrManyRows_UsesPackedPath()
    {
        fixed (float* p = new float[1])
        {
            Assert.False(GemmSmallM.Applies(new GemmProblem(false, true, 16, 8, 8, 1f, p, 8, p, 8, 0f, p, 8)));
            Assert.False(GemmSmallM.Applies(new GemmProblem(true, false, 16, 8, 8, 1f, p, 16, p, 8, 0f, p, 8)));
            Assert.False(GemmSmallM.Applies(new GemmProblem(false, false, GemmSmallM.MaxRows + 1, 8, 8, 1f, p, 8, p, 8, 0f, p, 8)));
        }
    }
}
