namespace RaRlhf.Actors.Transport;

/// <summary>A consumer of an <see cref="InProcessQueue"/> with a prefetch limit and its unacknowledged deliveries.</summary>
internal sealed class InProcessConsumer(InProcessQueue queue, int prefetch) : IQueueConsumer
{
    private readonly SemaphoreSlim _prefetch = new(prefetch, prefetch);
    private readonly Dictionary<long, Delivery> _unacked = [];
    private bool _disposed;

    public async ValueTask<Delivery> ReceiveAsync(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _prefetch.WaitAsync(cancellation).ConfigureAwait(false);
        Delivery delivery;
        try
        {
            delivery = await queue.TakeAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            _prefetch.Release();
            throw;
        }

        lock (_unacked)
        {
            if (!_disposed)
            {
                _unacked.Add(delivery.DeliveryTag, delivery);
                return delivery;
            }
        }

        queue.Requeue([delivery]);
        throw new ObjectDisposedException(nameof(InProcessConsumer), $"consumer of '{queue.Name}' was disposed");
    }

    public ValueTask AckAsync(Delivery delivery, CancellationToken cancellation = default)
    {
        Settle(delivery);
        queue.Complete();
        return ValueTask.CompletedTask;
    }

    public ValueTask NackAsync(Delivery delivery, bool requeue, CancellationToken cancellation = default)
    {
        Settle(delivery);
        if (requeue) queue.Requeue([delivery]);
        else queue.Complete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Delivery[] pending;
        lock (_unacked)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            pending = [.. _unacked.Values];
            _unacked.Clear();
        }

        queue.Requeue(pending);
        return ValueTask.CompletedTask;
    }

    private void Settle(Delivery delivery)
    {
        lock (_unacked)
        {
            if (!_unacked.Remove(delivery.DeliveryTag))
            {
                throw new InvalidOperationException(
                    $"delivery {delivery.DeliveryTag} of queue '{delivery.Queue}' is not pending on this consumer " +
                    "(already settled, or received by another consumer)");
            }
        }

        _prefetch.Release();
    }
}
