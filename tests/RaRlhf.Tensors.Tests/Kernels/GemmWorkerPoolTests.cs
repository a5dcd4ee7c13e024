using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>The GEMM worker pool must run every part of every job exactly once, also back-to-back and nested.</summary>
public sealed class GemmWorkerPoolTests
{
    private sealed class CountingWork(int parts) : IParallelWork
    {
        public readonly int[] Runs = new int[parts];

        public void Execute(int part) => Interlocked.Increment(ref Runs[part]);
    }

    private sealed class NestedWork(CountingWork inner) : IParallelWork
    {
        public void Execute(int part) => WorkerPool.Shared.Run(inner, inner.Runs.Length, 2);
    }

    private sealed class FailingWork : IParallelWork
    {
        public void Execute(int part)
        {
            if (part == 3) throw new InvalidOperationException("part 3 failed");
        }
    }

    [Fact]
    public void Run_ManyBackToBackJobs_EachPartRunsExactlyOnce()
    {
        for (var job = 0; job < 2000; job++)
        {
            var parts = 1 + job % 7;
            var work = new CountingWork(parts);
            WorkerPool.Shared.Run(work, parts, threads: 1 + job % 4);
            Assert.All(work.Runs, count => Assert.Equal(1, count));
        }
    }

    [Fact]
    public void Run_PartCallsPoolAgain_RunsInlineWithoutDeadlock()
    {
        var inner = new CountingWork(5);
        WorkerPool.Shared.Run(new NestedWork(inner), 3, 2);
        Assert.All(inner.Runs, count => Assert.Equal(3, count));
    }

    [Fact]
    public void Run_PartThrows_RethrowsOnCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(() => WorkerPool.Shared.Run(new FailingWork(), 6, 2));
        Assert.Equal("part 3 failed", e.Message);
    }
}
