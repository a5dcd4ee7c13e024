namespace RaRlhf.Actors.Logging;

/// <summary>
/// Collects items from any thread into a bounded queue and hands them to a transport in batches (when a batch is
/// full or the period elapses), retrying failed batches with exponential backoff. <see cref="Enqueue"/> never blocks
/// and never throws: when the queue is full an item is dropped and counted. Disposal sends what is queued, bounded
/// by the flush timeout; whatever is left is counted as dropped. Knows nothing about logging or HTTP.
/// </summary>
public sealed class BoundedBatcher<T> : IDisposable
{
    private readonly BatcherOptions _options;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task<BatchOutcome>> _send;
    private readonly Queue<T> _queue = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _deadline = new();
    private readonly Thread _worker;
    private long _dropped;
    private long _sent;
    private long _failedAttempts;
    private volatile bool _stopping;

    public BoundedBatcher(BatcherOptions options, Func<IReadOnlyList<T>, CancellationToken, Task<BatchOutcome>> send)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueLimit, 1);
        _options = options;
        _send = send;
        // A dedicated thread, not the thread pool: a starved pool (many blocked callers) must not stall log delivery
        // or eat the flush timeout before a single retry happens.
        _worker = new Thread(Run) { IsBackground = true, Name = "rarlhf-log-batcher" };
        _worker.Start();
    }

    /// <summary>Items dropped: queue full, batch rejected, or still undelivered when the flush timed out.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items delivered.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Send attempts that failed and were retried.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Items waiting to be sent.</summary>
    public int Queued
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Adds an item; false when it (or, in DropOldest mode, the oldest item) was dropped. Never blocks.</summary>
    public bool Enqueue(T item)
    {
        bool full;
        lock (_queue)
        {
            if (_stopping)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            full = _queue.Count >= _options.QueueLimit;
            if (full)
            {
                Interlocked.Increment(ref _dropped);
                if (_options.FullMode == QueueFullMode.DropNewest)
                {
                    return false;
                }

                _queue.Dequeue();
            }

            _queue.Enqueue(item);
            if (_queue.Count == _options.BatchSize)
            {
                _wake.Release();
            }
        }

        return !full;
    }

    /// <summary>Sends what is queued (waiting up to the flush timeout), then stops. Never throws.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        lock (_queue)
        {
            _stopping = true;
        }

        _deadline.CancelAfter(_options.FlushTimeout);
        _wake.Release();
        // The worker swallows transport failures, so joining it cannot throw.
        var stopped = _worker.Join(_options.FlushTimeout + TimeSpan.FromSeconds(1));

        lock (_queue)
        {
            Interlocked.Add(ref _dropped, _queue.Count);
            _queue.Clear();
        }

        if (stopped)
        {
            // A worker still inside a hung send keeps using the token; it exits on its own once the send returns.
            _deadline.Dispose();
        }
    }

    private void Run()
    {
        while (true)
        {
            if (!_stopping)
            {
                _wake.Wait(_options.Period);
            }

            while (TakeBatch() is { } batch)
            {
                if (!SendWithRetry(batch))
                {
                    break;
                }
            }

            if (_stopping && (Queued == 0 || _deadline.IsCancellationRequested))
            {
                return;
            }
        }
    }

    private List<T>? TakeBatch()
    {
        lock (_queue)
        {
            if (_queue.Count == 0)
            {
                return null;
            }

            var batch = new List<T>(Math.Min(_queue.Count, _options.BatchSize));
            while (batch.Count < _options.BatchSize && _queue.Count > 0)
            {
                batch.Add(_queue.Dequeue());
            }

            return batch;
        }
    }

    /// <summary>False when the flush deadline passed (the batch is then counted as dropped).</summary>
    private bool SendWithRetry(List<T> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = TrySend(batch);
            switch (outcome)
            {
                case BatchOutcome.Sent:
                    Interlocked.Add(ref _sent, batch.Count);
                    return true;
                case BatchOutcome.Rejected:
                    Interlocked.Add(ref _dropped, batch.Count);
                    return true;
            }

            Interlocked.Increment(ref _failedAttempts);
            if (_deadline.Token.WaitHandle.WaitOne(_options.Backoff(attempt)))
            {
                Interlocked.Add(ref _dropped, batch.Count);
                return false;
            }
        }
    }

    private BatchOutcome TrySend(List<T> batch)
    {
        if (_deadline.IsCancellationRequested)
        {
            return BatchOutcome.Retry;
        }

        try
        {
            return _send(batch, _deadline.Token).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // A transport failure must never reach the caller; it is retried.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Serilog.Debugging.SelfLog.WriteLine("batch of {0} failed: {1}", batch.Count, e.Message);
            return BatchOutcome.Retry;
        }
    }
}
