namespace RaRlhf.Actors.Transport;

/// <summary>
/// How roles exchange messages across process boundaries: named, bounded work queues (competing consumers,
/// acknowledge after processing, redelivery of unacknowledged work when a consumer dies) and fanout topics
/// (policy announcements). In-process on channels, or over a broker (RabbitMQ); both pass <c>TransportSpec</c>.
/// </summary>
public interface IMessageTransport : IAsyncDisposable
{
    /// <summary>
    /// Creates a work queue holding at most <paramref name="capacity"/> messages (ready or unacknowledged).
    /// Idempotent for the same capacity; a different capacity for an existing queue throws.
    /// </summary>
    Task DeclareQueueAsync(string queue, int capacity, CancellationToken cancellation = default);

    /// <summary>Enqueues a message, waiting while the queue is at capacity (backpressure).</summary>
    Task SendAsync(string queue, TransportMessage message, CancellationToken cancellation = default);

    /// <summary>Starts a consumer of a declared queue that holds at most <paramref name="prefetch"/> unacked deliveries.</summary>
    Task<IQueueConsumer> ConsumeAsync(string queue, int prefetch, CancellationToken cancellation = default);

    /// <summary>Sends a message to every current subscriber of <paramref name="topic"/>, waiting for full buffers.</summary>
    Task PublishAsync(string topic, TransportMessage message, CancellationToken cancellation = default);

    /// <summary>Subscribes to a topic with a buffer of <paramref name="capacity"/> messages.</summary>
    Task<ISubscription> SubscribeAsync(string topic, int capacity, CancellationToken cancellation = default);
}
