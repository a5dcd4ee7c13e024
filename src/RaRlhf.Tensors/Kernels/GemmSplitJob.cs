using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// One GEMM split into bands of C. Splitting rows makes every thread pack all of B (k×n extra packing);
/// splitting columns makes every thread pack all of A (m×k), so the split runs along the larger of m and n.
/// Band edges fall on micro-tile boundaries, so the threaded result is bit-identical to the single-threaded one.
/// Few-row untransposed products (<see cref="GemmSmallM"/>) always split columns: they pack nothing.
/// </summary>
internal sealed class GemmSplitJob : IParallelWork
{
    [ThreadStatic] private static GemmSplitJob? current;

    private GemmProblem problem;
    private bool splitRows;
    private bool smallM;
    private int parts;

    public static GemmSplitJob For(in GemmProblem g, int parts)
    {
        var job = current ??= new GemmSplitJob();
        job.problem = g;
        job.smallM = GemmSmallM.Applies(g);
        job.splitRows = g.M >= g.N && !job.smallM;
        job.parts = parts;
        return job;
    }

    public void Execute(int part)
    {
        var unit = splitRows ? GemmBlocking.Mr : smallM ? GemmSmallM.ColumnUnit : GemmBlocking.Nr;
        var extent = splitRows ? problem.M : problem.N;
        var tiles = (extent + unit - 1) / unit;
        var start = (int)((long)part * tiles / parts) * unit;
        var end = Math.Min((int)((long)(part + 1) * tiles / parts) * unit, extent);
        if (start >= end) return;
        var band = splitRows ? problem.Rows(start, end - start) : problem.Columns(start, end - start);
        if (smallM) GemmSmallM.Run(band);
        else GemmBlocked.Run(band);
    }
}
