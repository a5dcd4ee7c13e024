namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// Splits independent rows into one contiguous range per core; runs inline when the work is too small to pay for
/// the thread hand-off.
/// </summary>
public static class RowParallel
{
    private const long MinParallelWork = 1 << 15;

    /// <param name="rows">number of independent rows</param>
    /// <param name="workPerRow">rough cost of one row (e.g. its length), to decide whether threads pay off</param>
    /// <param name="body">processes rows [start, end)</param>
    public static void For(int rows, long workPerRow, Action<int, int> body)
    {
        var chunks = Math.Min(Environment.ProcessorCount, rows);
        if (chunks <= 1 || rows * workPerRow < MinParallelWork)
        {
            body(0, rows);
            return;
        }

        Parallel.For(0, chunks, c => body((int)((long)rows * c / chunks), (int)((long)rows * (c + 1) / chunks)));
    }

    /// <summary><paramref name="body"/>(r) for every row r, over the same per-core ranges as <see cref="For"/>.</summary>
    public static void ForEach(int rows, long workPerRow, Action<int> body) =>
        For(rows, workPerRow, (start, end) =>
        {
            for (var r = start; r < end; r++) body(r);
        });

    /// <summary>Pointwise work over [0, length): body(start, count) on disjoint contiguous pieces.</summary>
    public static void ForChunks(int length, Action<int, int> body) => For(length, 1, (start, end) => body(start, end - start));
}
