namespace RaRlhf.Tensors.Kernels;

/// <summary>Argument checks for the public GEMM entry points: the kernel works on raw pointers, so every span
/// must be proven long enough before it is pinned.</summary>
internal static class GemmArguments
{
    public static void CheckShape(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm: dimensions must be >= 0, got m={m} n={n} k={k}.");
        }

        CheckLeading("lda", lda, transA ? m : k, transA ? "m (transA)" : "k");
        CheckLeading("ldb", ldb, transB ? k : n, transB ? "k (transB)" : "n");
        CheckLeading("ldc", ldc, n, "n");
    }

    /// <summary>Floats a row-major matrix of <paramref name="rows"/> × <paramref name="cols"/> with stride ld spans.</summary>
    public static long Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    public static long ExtentA(bool transA, int m, int k, int lda) => transA ? Extent(k, m, lda) : Extent(m, k, lda);

    public static long ExtentB(bool transB, int k, int n, int ldb) => transB ? Extent(n, k, ldb) : Extent(k, n, ldb);

    public static void CheckLength(string name, int length, long needed, int batch, long stride)
    {
        if (batch > 0 && needed > 0 && stride < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"Gemm: stride of {name} must be >= 0, got {stride}.");
        }

        var total = batch == 0 || needed == 0 ? 0 : (batch - 1) * stride + needed;
        if (length < total)
        {
            throw new ArgumentException(
                $"Gemm: {name} has {length} floats but the shape needs {total} " +
                $"({batch} matrix(es) of extent {needed}, stride {stride}); check the dimensions and leading dimension.",
                name);
        }
    }

    private static void CheckLeading(string name, int ld, int width, string widthName)
    {
        if (ld < Math.Max(1, width))
        {
            throw new ArgumentOutOfRangeException(name, $"Gemm: {name}={ld} is smaller than {widthName}={width}.");
        }
    }
}
