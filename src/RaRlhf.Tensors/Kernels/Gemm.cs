namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Fast single-precision GEMM, same contract as <see cref="GemmReference.Sgemm"/> (row-major,
/// C = alpha · op(A) · op(B) + beta · C; beta = 0 ignores C's old contents, NaNs included).
/// Packed, cache-blocked, AVX-512 (AVX2 fallback) and threaded over <see cref="Threads"/> cores; small
/// problems run inline on the caller. Safe to call from several threads at once.
/// </summary>
public static unsafe class Gemm
{
    private static int threads = Environment.ProcessorCount;

    /// <summary>Most threads one GEMM call may use (default: all cores).</summary>
    public static int Threads
    {
        get => Volatile.Read(ref threads);
        set => Volatile.Write(ref threads, value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), $"Gemm.Threads must be >= 1, got {value}."));
    }

    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc) =>
        SgemmWithThreads(Threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Pointer form for callers that already hold pinned memory; the caller guarantees the extents.</summary>
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        GemmArguments.CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        GemmParallel.Run(new GemmProblem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), Threads);
    }

    /// <summary>
    /// <paramref name="batch"/> independent GEMMs; matrix i of A starts at i·strideA (likewise B and C).
    /// Small matrices are spread across threads by matrix; big ones are each threaded.
    /// </summary>
    public static void SgemmBatched(
        int batch, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        GemmArguments.CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        GemmArguments.CheckLength(nameof(a), a.Length, GemmArguments.ExtentA(transA, m, k, lda), batch, strideA);
        GemmArguments.CheckLength(nameof(b), b.Length, GemmArguments.ExtentB(transB, k, n, ldb), batch, strideB);
        GemmArguments.CheckLength(nameof(c), c.Length, GemmArguments.Extent(m, n, ldc), batch, strideC);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var first = new GemmProblem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            GemmParallel.RunBatched(first, batch, strideA, strideB, strideC, Threads);
        }
    }

    /// <summary>
    /// C (m×n) = alpha · A (m×k, row-major, lda) · B + beta · C with B packed once by <see cref="PackedMatrix.Pack"/>
    /// (decoding: few rows, the same weights every step). Bit-identical to <see cref="Sgemm(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/> on the unpacked B.
    /// </summary>
    public static void SgemmPacked(int m, float alpha, ReadOnlySpan<float> a, int lda, PackedMatrix b, float beta, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        GemmArguments.CheckShape(false, false, m, b.N, b.K, lda, b.N, ldc);
        GemmArguments.CheckLength(nameof(a), a.Length, GemmArguments.ExtentA(false, m, b.K, lda), 1, 0);
        GemmArguments.CheckLength(nameof(c), c.Length, GemmArguments.Extent(m, b.N, ldc), 1, 0);
        if (m == 0) return;
        fixed (float* pa = a, pb = b.Data, pc = c)
        {
            GemmPackedJob.Run(m, alpha, pa, lda, b, pb, beta, pc, ldc, Threads);
        }
    }

    /// <summary><see cref="Sgemm(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// with an explicit thread budget (benchmarks and thread-equality tests).</summary>
    internal static void SgemmWithThreads(
        int threadCount, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmArguments.CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        GemmArguments.CheckLength(nameof(a), a.Length, GemmArguments.ExtentA(transA, m, k, lda), 1, 0);
        GemmArguments.CheckLength(nameof(b), b.Length, GemmArguments.ExtentB(transB, k, n, ldb), 1, 0);
        GemmArguments.CheckLength(nameof(c), c.Length, GemmArguments.Extent(m, n, ldc), 1, 0);
        fixed (float* pa = a, pb = b, pc = c)
        {
            GemmParallel.Run(new GemmProblem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc), threadCount);
        }
    }
}
