using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Kernels;

/// <summary>Decides how many threads a GEMM (or a batch of them) gets; small work runs inline on the caller.</summary>
internal static class GemmParallel
{
    /// <summary>Below this many flops, waking a worker costs more than it saves (~0.1 ms of one core).</summary>
    public const long MinParallelFlops = 4_000_000;

    public static void Run(in GemmProblem g, int threads)
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0)
        {
            GemmBlocked.ScaleOnly(g);
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
        var job = GemmBatchJob.For(first, batch, strideA, strideB, strideC, 1);
        if (batch == 1 || threads <= 1 || first.Flops >= MinParallelFlops * threads)
        {
            // Big matrices: thread inside each one.
            for (var i = 0; i < batch; i++) Run(job.Matrix(i), threads);
            return;
        }

        var parts = (int)Math.Min(Math.Min(threads, batch), Math.Max(1, first.Flops * batch / MinParallelFlops));
        if (parts <= 1)
        {
            job.Execute(0);
            return;
        }

        job = GemmBatchJob.For(first, batch, strideA, strideB, strideC, parts);
        WorkerPool.Shared.Run(job, parts, parts);
    }

    public static void RunSingle(in GemmProblem g)
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0) GemmBlocked.ScaleOnly(g);
        else GemmBlocked.Run(g);
    }
}
