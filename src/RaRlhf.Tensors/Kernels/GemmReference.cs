namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Naive scalar GEMM: the readable definition that every fast kernel is tested against.
/// Row-major: C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, where op(X) is X or Xᵀ.
/// With transA, A is stored [k×m] (leading dimension lda ≥ m); otherwise [m×k] (lda ≥ k). Likewise B.
/// </summary>
public static class GemmReference
{
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                // Accumulate in double so the reference is more accurate than anything it checks.
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var aip = transA ? a[p * lda + i] : a[i * lda + p];
                    var bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)aip * bpj;
                }

                var old = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + old;
            }
        }
    }
}
