using RaRlhf.Tensors.Kernels;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>Batched GEMM against the reference applied matrix by matrix.</summary>
public sealed class GemmBatchedTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(6, 112, 112, 64, false, true)] // attention scores q·kᵀ: many small matrices, split by matrix
    [InlineData(5, 112, 64, 112, false, false)] // attention output att·v
    [InlineData(3, 33, 7, 257, true, false)]
    [InlineData(2, 200, 200, 120, true, true)] // big matrices: each one is threaded
    public void SgemmBatched_StridedMatrices_MatchesReferencePerMatrix(int batch, int m, int n, int k, bool transA, bool transB)
    {
        int lda = transA ? m : k, ldb = transB ? k : n, ldc = n;
        // Strides larger than one matrix: the gaps must be left alone.
        long strideA = (long)m * k + 3, strideB = (long)k * n + 5, strideC = (long)m * n + 7;
        var a = GemmTestMatrices.Random(batch * strideA, 8);
        var b = GemmTestMatrices.Random(batch * strideB, 9);
        var c = GemmTestMatrices.Random(batch * strideC, 10);
        var expected = (float[])c.Clone();
        for (var i = 0; i < batch; i++)
        {
            GemmReference.Sgemm(transA, transB, m, n, k, 0.7f,
                a.AsSpan((int)(i * strideA)), lda, b.AsSpan((int)(i * strideB)), ldb, 0.3f, expected.AsSpan((int)(i * strideC)), ldc);
        }

        Gemm.SgemmBatched(batch, transA, transB, m, n, k, 0.7f, a, lda, strideA, b, ldb, strideB, 0.3f, c, ldc, strideC);

        var diff = GemmTestMatrices.MaxAbsDiff(expected, c, 1, c.Length, c.Length);
        output.WriteLine($"batch {batch} of {m}x{n}x{k}: max diff {diff:E3}");
        Assert.True(diff <= GemmTestMatrices.Tolerance(k, 0.7f, 0.3f));
    }

    [Fact]
    public void SgemmBatched_ShortBuffer_ThrowsNamingTheOperand()
    {
        var a = new float[2 * 12];
        var b = new float[2 * 12];
        var c = new float[2 * 9 - 1];
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.SgemmBatched(2, false, false, 3, 3, 4, 1f, a, 4, 12, b, 3, 12, 0f, c, 3, 9));
        Assert.Equal("c", e.ParamName);
    }

    [Fact]
    public void Sgemm_LeadingDimSmallerThanWidth_Throws()
    {
        var a = new float[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, 4, 4, 4, 1f, a, 3, a, 4, 0f, a, 4));
    }
}
