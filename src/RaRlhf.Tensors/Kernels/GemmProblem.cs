namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// One GEMM as raw pointers: C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major.
/// op(A)(i, p) = A[i·RowStrideA + p·ColStrideA]; op(B)(p, j) = B[p·RowStrideB + j·ColStrideB].
/// Sub-blocks (a thread's rows or columns) are the same struct with moved pointers.
/// </summary>
internal readonly unsafe struct GemmProblem
{
    public readonly float* A;
    public readonly float* B;
    public readonly float* C;
    public readonly int M, N, K;
    public readonly int Lda, Ldb, Ldc;
    public readonly bool TransA, TransB;
    public readonly float Alpha, Beta;

    public GemmProblem(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        TransA = transA; TransB = transB;
        M = m; N = n; K = k;
        Alpha = alpha; Beta = beta;
        A = a; B = b; C = c;
        Lda = lda; Ldb = ldb; Ldc = ldc;
    }

    public long Flops => 2L * M * N * K;

    /// <summary>Rows [i0, i0 + rows) of C with the matching rows of op(A).</summary>
    public GemmProblem Rows(int i0, int rows) => new(
        TransA, TransB, rows, N, K, Alpha,
        TransA ? A + i0 : A + (long)i0 * Lda, Lda, B, Ldb, Beta, C + (long)i0 * Ldc, Ldc);

    /// <summary>Columns [j0, j0 + cols) of C with the matching columns of op(B).</summary>
    public GemmProblem Columns(int j0, int cols) => new(
        TransA, TransB, M, cols, K, Alpha,
        A, Lda, TransB ? B + (long)j0 * Ldb : B + j0, Ldb, Beta, C + j0, Ldc);
}
