using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Kernels;

/// <summary>Decides how many threads a GEMM (or a batch of them) gets; small work runs inline on the caller.</summary>
internal static class GemmParallel
{
    /// <summary>Below this many flops, waking a worker costs more than it saves (~0.1 ms of one core).</summary>
    public const long MinParallelFlops = 4_000_000;

    /// <summary>The no-pack few-rows path has no packing to repeat per thread, so it splits from here on.</summary>
    public const long MinSmallMParallelFlops = 1_000_000;

    public static void Run(in GemmProblem g, int threads)
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0)
        {
            GemmBlocked.ScaleOnly(g);
            return;
        }

        if (GemmSmallM.Applies(g))
        {
            var strips = (g.N + GemmSmallM.ColumnUnit - 1) / GemmSmallM.ColumnUnit;
            var smallParts = (int)Math.Min(Math.Min(threads, strips), Math.Max(1, g.Flops / MinSmallMParallelFlops));
            if (smallParts <= 1) GemmSmallM.Run(g);
            else WorkerPool.Shared.Run(GemmSplitJob.For(g, smallParts), smallParts, smallParts);
            return;
        }

        var tiles = g.M >= g.N ? (g.M + GemmBlocking.Mr - 1) / GemmBlocking.Mr : (g.N + GemmBlocking.Nr - 1) / GemmBlocking.Nr;
        var parts = (int)Math.Min(Math.Min(threads, tiles), Math.Max(1, g.Flops / MinParallelFlops));
        if (parts <= 1)
        {
            GemmBlocked.Run(g);
            return;
        }

        WorkerPool.Shared.Run(GemmSplitJob.For(g, parts), parts, parts);
    }

    public static void RunBatched(in GemmProblem first, int batch, long strideA, long strideB, long strideC, int threads)
    {
        if (batch == 0) return;
        if (batch == 1 || threads <= 1 || first.Flops >= MinParallelFlops * threads)
        {
            // Big matrices (or no threads to share): thread inside each one.
            for (var i = 0; i < batch; i++) Run(GemmBatchJob.For(first, batch, strideA, strideB, strideC, 1).Matrix(i), threads);
            return;
        }

        // Small matrices: whole matrices per part. Four parts per thread let a thread that the machine's other
        // load slows down take fewer; matrices share nothing, so finer parts cost no extra packing.
        var parts = first.Flops * batch < MinParallelFlops ? 1 : Math.Min(batch, 4 * threads);
        WorkerPool.Shared.Run(GemmBatchJob.For(first, batch, strideA, strideB, strideC, parts), parts, threads);
    }

    public static void RunSingle(in GemmProblem g)
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0) GemmBlocked.ScaleOnly(g);
        else if (GemmSmallM.Applies(g)) GemmSmallM.Run(g);
        else GemmBlocked.Run(g);
    }
}
