namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Fast single-precision GEMM, same contract as <see cref="GemmReference.Sgemm"/> (row-major,
/// C = alpha · op(A) · op(B) + beta · C; beta = 0 ignores C's old contents, NaNs included).
/// </summary>
public static class Gemm
{
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        // Placeholder until the blocked SIMD kernel lands: delegate to the reference.
        GemmReference.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// <paramref name="batch"/> independent GEMMs; matrix i of A starts at i·strideA (likewise B and C).
    /// </summary>
    public static void SgemmBatched(
        int batch, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC)
    {
        for (var i = 0; i < batch; i++)
        {
            Sgemm(transA, transB, m, n, k, alpha,
                a[(int)(i * strideA)..], lda, b[(int)(i * strideB)..], ldb, beta, c[(int)(i * strideC)..], ldc);
        }
    }
}
