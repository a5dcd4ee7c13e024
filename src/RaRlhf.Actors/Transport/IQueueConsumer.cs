namespace RaRlhf.Actors.Transport;

/// <summary>
/// One consumer of a work queue with a prefetch limit: it holds at most that many unacknowledged deliveries.
/// Disposing it (or its process dying) returns every unacknowledged delivery to the queue.
/// </summary>
public interface IQueueConsumer : IAsyncDisposable
{
    /// <summary>The next delivery; waits while the queue is empty or the prefetch limit is reached.</summary>
    ValueTask<Delivery> ReceiveAsync(CancellationToken cancellation = default);

    /// <summary>Marks a delivery processed: it leaves the queue for good and frees a prefetch slot.</summary>
    ValueTask AckAsync(Delivery delivery, CancellationToken cancellation = default);

    /// <summary>Rejects a delivery: back to the head of the queue when <paramref name="requeue"/>, else dropped.</summary>
    ValueTask NackAsync(Delivery delivery, bool requeue, CancellationToken cancellation = default);
}
