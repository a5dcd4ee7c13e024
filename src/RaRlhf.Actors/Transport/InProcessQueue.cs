namespace RaRlhf.Actors.Transport;

/// <summary>
/// One in-process work queue. A capacity slot is taken by a send and freed by the ack (or a dropping nack), so ready
/// plus unacknowledged messages never exceed the capacity; redelivered messages go back to the head.
/// </summary>
internal sealed class InProcessQueue(string name, int capacity)
{
    private readonly LinkedList<(TransportMessage Message, bool Redelivered)> _ready = new();
    private readonly SemaphoreSlim _space = new(capacity, capacity);
    private readonly SemaphoreSlim _available = new(0);
    private long _lastTag;

    public string Name { get; } = name;

    public int Capacity { get; } = capacity;

    public async Task SendAsync(TransportMessage message, CancellationToken cancellation)
    {
        await _space.WaitAsync(cancellation).ConfigureAwait(false);
        lock (_ready) _ready.AddLast((message, false));
        _available.Release();
    }

    public async Task<Delivery> TakeAsync(CancellationToken cancellation)
    {
        await _available.WaitAsync(cancellation).ConfigureAwait(false);
        lock (_ready)
        {
            var (message, redelivered) = _ready.First!.Value;
            _ready.RemoveFirst();
            return new Delivery(Name, ++_lastTag, message, redelivered);
        }
    }

    /// <summary>Puts deliveries back at the head, keeping their relative order; their slots stay taken.</summary>
    public void Requeue(IEnumerable<Delivery> deliveries)
    {
        var ordered = deliveries.OrderByDescending(d => d.DeliveryTag).ToList();
        lock (_ready)
        {
            foreach (var delivery in ordered) _ready.AddFirst((delivery.Message, true));
        }

        if (ordered.Count > 0) _available.Release(ordered.Count);
    }

    /// <summary>A delivery left the queue for good (acked or dropped): its slot is free for a sender.</summary>
    public void Complete() => _space.Release();
}
