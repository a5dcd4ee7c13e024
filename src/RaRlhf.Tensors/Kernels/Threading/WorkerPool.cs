using System.Runtime.ExceptionServices;

namespace RaRlhf.Tensors.Kernels.Threading;

/// <summary>
/// Persistent kernel threads. The caller runs parts too, and parts are claimed from a shared counter, so a core
/// slowed by other load simply takes fewer parts. One job at a time: a call that finds the pool busy (a
/// concurrent caller, or a part that itself calls a kernel) runs its parts inline instead of waiting or
/// deadlocking. <see cref="Run"/> returns only after every woken worker has left the job.
/// </summary>
internal sealed class WorkerPool
{
    public static readonly WorkerPool Shared = new();

    private const int SpinIterations = 100;

    private readonly Lock gate = new();
    private readonly List<SemaphoreSlim> wake = [];
    private readonly ManualResetEventSlim allLeft = new(false, spinCount: 200);
    private IParallelWork? work;
    private int parts;
    private int nextPart;
    private int workersInJob;
    private Exception? failure;

    public void Run(IParallelWork job, int partCount, int threads)
    {
        if (partCount <= 1 || threads <= 1 || !gate.TryEnter())
        {
            for (var i = 0; i < partCount; i++) job.Execute(i);
            return;
        }

        try
        {
            var helpers = Math.Min(threads, partCount) - 1;
            EnsureWorkers(helpers);
            work = job;
            parts = partCount;
            failure = null;
            workersInJob = helpers;
            allLeft.Reset();
            Volatile.Write(ref nextPart, 0);
            for (var w = 0; w < helpers; w++) wake[w].Release();
            Drain();
            allLeft.Wait();
            if (failure is { } e) ExceptionDispatchInfo.Throw(e);
        }
        finally
        {
            work = null;
            gate.Exit();
        }
    }

    private void Drain()
    {
        var job = work!;
        int i;
        while ((i = Interlocked.Increment(ref nextPart) - 1) < parts)
        {
            try
            {
                job.Execute(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }
    }

    private void EnsureWorkers(int count)
    {
        while (wake.Count < count)
        {
            var signal = new SemaphoreSlim(0);
            wake.Add(signal);
            var thread = new Thread(() => WorkerLoop(signal))
            {
                IsBackground = true,
                Name = $"rarlhf-kernel-{wake.Count}",
            };
            thread.Start();
        }
    }

    private static void WaitForWork(SemaphoreSlim signal)
    {
        // Back-to-back kernel calls (a training step) arrive microseconds apart: spin briefly (~0.1 ms) before
        // sleeping, because on a busy machine a sleeping thread can take milliseconds to be scheduled again.
        for (var spin = 0; spin < SpinIterations; spin++)
        {
            if (signal.Wait(0)) return;
            Thread.SpinWait(30);
        }

        signal.Wait();
    }

    private void WorkerLoop(SemaphoreSlim signal)
    {
        while (true)
        {
            WaitForWork(signal);
            Drain();
            if (Interlocked.Decrement(ref workersInJob) == 0) allLeft.Set();
        }
    }
}
