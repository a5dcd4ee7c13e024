using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>Threaded GEMM must give bit-identical results to single-threaded (bands split on tile edges).</summary>
public sealed class GemmThreadingTests
{
    [Theory]
    [InlineData(301, 200, 100, false, false)] // m >= n: split by rows
    [InlineData(50, 701, 130, true, false)] // n > m: split by columns
    [InlineData(257, 257, 257, false, true)]
    [InlineData(129, 140, 300, true, true)]
    public void Sgemm_TwoAndThreeThreads_BitIdenticalToOneThread(int m, int n, int k, bool transA, bool transB)
    {
        Assert.True(2L * m * n * k >= 2 * 4_000_000, "shape must be big enough to be threaded");
        var a = GemmTestMatrices.Random((long)m * k, 3);
        var b = GemmTestMatrices.Random((long)k * n, 4);
        var c0 = GemmTestMatrices.Random((long)m * n, 5);
        int lda = transA ? m : k, ldb = transB ? k : n;

        var single = (float[])c0.Clone();
        Gemm.SgemmWithThreads(1, transA, transB, m, n, k, 1.5f, a, lda, b, ldb, 0.5f, single, n);
        foreach (var threads in new[] { 2, 3 })
        {
            var threaded = (float[])c0.Clone();
            Gemm.SgemmWithThreads(threads, transA, transB, m, n, k, 1.5f, a, lda, b, ldb, 0.5f, threaded, n);
            Assert.Equal(single, threaded);
        }
    }

    [Fact]
    public void Sgemm_ConcurrentCallers_EachMatchesReference()
    {
        const int m = 120, n = 150, k = 140;
        var a = GemmTestMatrices.Random(m * k, 6);
        var b = GemmTestMatrices.Random(k * n, 7);
        var expected = new float[m * n];
        GemmReference.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n);

        var results = new float[4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var c = new float[m * n];
            for (var repeat = 0; repeat < 5; repeat++) Gemm.SgemmWithThreads(2, false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            results[i] = c;
        });

        foreach (var c in results)
        {
            Assert.True(GemmTestMatrices.MaxAbsDiff(expected, c, m, n, n) <= GemmTestMatrices.Tolerance(k, 1f, 0f));
        }
    }
}
