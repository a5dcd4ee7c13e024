namespace RaRlhf.Tensors.Kernels.Threading;

/// <summary>
/// Runs numbered parts on the kernel worker pool (the same threads as GEMM, at most <see cref="Gemm.Threads"/>): the
/// caller runs parts too and takes them all when a worker is late, so a busy machine costs at most the serial time.
/// For per-step work too small for the .NET thread pool's hand-off (e.g. sampling one token for each of B rows).
/// </summary>
public static class KernelParallel
{
    public static void For(int parts, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (parts <= 0) return;
        WorkerPool.Shared.Run(new Parts(body), parts, Math.Min(parts, Gemm.Threads));
    }

    private sealed class Parts(Action<int> body) : IParallelWork
    {
        public void Execute(int part) => body(part);
    }
}
