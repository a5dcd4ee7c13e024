namespace RaRlhf.Tensors.Ops;

/// <summary>Runs independent per-row work on all cores once there is enough of it (vocab-sized rows); rows write
/// disjoint outputs, so the result is identical to the sequential loop.</summary>
internal static class RowParallel
{
    private const long MinParallelElements = 1 << 17;

    public static void For(int rows, int rowLength, Action<int> body)
    {
        if ((long)rows * rowLength < MinParallelElements || rows < 2)
        {
            for (var r = 0; r < rows; r++) { body(r); }

            return;
        }

        Parallel.For(0, rows, body);
    }

    /// <summary>Pointwise work over [0, length) in 16K-element chunks: body(start, count).</summary>
    public static void ForChunks(int length, Action<int, int> body)
    {
        const int chunk = 1 << 14;
        var chunks = (length + chunk - 1) / chunk;
        For(chunks, chunk, c => body(c * chunk, Math.Min(chunk, length - c * chunk)));
    }
}
