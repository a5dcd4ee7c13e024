using System.Runtime.ExceptionServices;

namespace RaRlhf.Tensors.Kernels.Threading;

/// <summary>
/// Persistent kernel threads. The caller runs parts too and parts are claimed from a shared counter, so when
/// the machine is busy and a worker is late, the caller just takes its parts: <see cref="Run"/> waits for the
/// parts, never for the workers. A late worker cannot touch a later job: claims carry the job's epoch in the
/// same 64-bit word as the counter. One job at a time; a call that finds the pool busy (a concurrent caller,
/// or a part that itself calls a kernel) runs its parts inline instead of waiting or deadlocking.
/// </summary>
internal sealed class WorkerPool
{
    public static readonly WorkerPool Shared = new();

    private const int SpinIterations = 100;

    private int busy; // 0 or 1; not a Lock, because a Lock lets the owning thread re-enter (a nested call)
    private readonly List<Worker> workers = [];
    private readonly ManualResetEventSlim partsDone = new(false, spinCount: 500);
    private long epochAndNextPart; // high 32 bits: job epoch; low 32 bits: next unclaimed part
    private IParallelWork? work;
    private int parts;
    private int helpers;
    private int remaining;
    private Exception? failure;

    public void Run(IParallelWork job, int partCount, int threads)
    {
        if (partCount <= 1 || threads <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (var i = 0; i < partCount; i++) job.Execute(i);
            return;
        }

        try
        {
            // Close the previous epoch before touching the job fields: a worker still looping in Drain for the
            // previous job could otherwise read the new part count while its old-epoch claim still succeeds, and
            // run a part of the new job that the new epoch hands out again (seen as a part run twice). Closed
            // epochs are odd and hand out nothing; open ones are even.
            var closed = CurrentEpoch + 1;
            Interlocked.Exchange(ref epochAndNextPart, ((long)closed << 32) | int.MaxValue);
            helpers = Math.Min(threads, partCount) - 1;
            EnsureWorkers(helpers);
            work = job;
            parts = partCount;
            failure = null;
            remaining = partCount;
            partsDone.Reset();
            var epoch = closed + 1;
            Interlocked.Exchange(ref epochAndNextPart, (long)epoch << 32);
            for (var w = 0; w < helpers; w++) workers[w].Wake();
            Drain(epoch);
            partsDone.Wait();
            if (failure is { } e) ExceptionDispatchInfo.Throw(e);
        }
        finally
        {
            work = null;
            Volatile.Write(ref busy, 0);
        }
    }

    private int CurrentEpoch => (int)(Volatile.Read(ref epochAndNextPart) >> 32);

    private void Drain(int epoch)
    {
        while (true)
        {
            var word = Volatile.Read(ref epochAndNextPart);
            var part = (int)word;
            if ((int)(word >> 32) != epoch || part >= parts) return;
            if (Interlocked.CompareExchange(ref epochAndNextPart, word + 1, word) != word) continue;

            // The part is ours, so this job cannot finish (and its fields cannot change) before we report it.
            try
            {
                work!.Execute(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }

            if (Interlocked.Decrement(ref remaining) == 0) partsDone.Set();
        }
    }

    private void EnsureWorkers(int count)
    {
        while (workers.Count < count)
        {
            var worker = new Worker(this, workers.Count);
            workers.Add(worker);
            new Thread(worker.Loop) { IsBackground = true, Name = $"rarlhf-kernel-{workers.Count}" }.Start();
        }
    }

    private sealed class Worker(WorkerPool pool, int index)
    {
        private readonly SemaphoreSlim signal = new(0);
        private int sleeping;

        public void Wake()
        {
            if (Interlocked.CompareExchange(ref sleeping, 0, 1) == 1) signal.Release();
        }

        public void Loop()
        {
            var seen = 0;
            while (true)
            {
                var epoch = WaitForNewEpoch(seen);
                seen = epoch;
                if ((epoch & 1) == 0 && index < Volatile.Read(ref pool.helpers)) pool.Drain(epoch);
            }
        }

        private int WaitForNewEpoch(int seen)
        {
            while (true)
            {
                // Back-to-back kernel calls arrive microseconds apart: spin briefly (~0.1 ms) before sleeping,
                // because on a busy machine a sleeping thread can take milliseconds to run again.
                for (var spin = 0; spin < SpinIterations; spin++)
                {
                    if (pool.CurrentEpoch != seen) return pool.CurrentEpoch;
                    Thread.SpinWait(30);
                }

                // Announce sleep, then re-check: either we see the new epoch or Wake() sees us asleep.
                Interlocked.Exchange(ref sleeping, 1);
                if (pool.CurrentEpoch == seen) signal.Wait();
                Interlocked.Exchange(ref sleeping, 0);
            }
        }
    }
}
