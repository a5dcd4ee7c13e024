using System.Collections.Concurrent;

namespace RaRlhf.Actors.Transport;

/// <summary>
/// The embedded transport: queues and topics in this process's memory, bounded everywhere. A consumer that is
/// disposed without acknowledging returns its deliveries, as a broker does when a consumer's connection drops.
/// </summary>
public sealed class InProcessTransport : IMessageTransport
{
    private readonly ConcurrentDictionary<string, InProcessQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InProcessTopic> _topics = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task DeclareQueueAsync(string queue, int capacity, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var declared = _queues.GetOrAdd(queue, name => new InProcessQueue(name, capacity));
        if (declared.Capacity != capacity)
        {
            throw new InvalidOperationException(
                $"queue '{queue}' already exists with capacity {declared.Capacity}, not {capacity}");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendAsync(string queue, TransportMessage message, CancellationToken cancellation = default) =>
        Queue(queue).SendAsync(message, cancellation);

    /// <inheritdoc />
    public Task<IQueueConsumer> ConsumeAsync(string queue, int prefetch, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        return Task.FromResult<IQueueConsumer>(new InProcessConsumer(Queue(queue), prefetch));
    }

    /// <inheritdoc />
    public Task PublishAsync(string topic, TransportMessage message, CancellationToken cancellation = default) =>
        _topics.TryGetValue(topic, out var fanout) ? fanout.PublishAsync(message, cancellation) : Task.CompletedTask;

    /// <inheritdoc />
    public Task<ISubscription> SubscribeAsync(string topic, int capacity, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return Task.FromResult(_topics.GetOrAdd(topic, _ => new InProcessTopic()).Subscribe(capacity));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private InProcessQueue Queue(string queue) =>
        _queues.TryGetValue(queue, out var declared)
            ? declared
            : throw new InvalidOperationException($"queue '{queue}' was not declared; call DeclareQueueAsync first");
}
