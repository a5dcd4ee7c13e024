using RabbitMQ.Client;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// A topic subscriber: an exclusive queue bound to the topic's fanout exchange, at most <c>capacity</c> messages
/// long (reject-publish, so a publisher waits for a full subscriber). A message is taken only when asked for (a ready
/// one with <c>basic.get</c>, else the next one pushed, <see cref="SingleDelivery"/>) and acknowledged at once. A publish
/// retried after another subscriber was full reaches this one again with the same message id: such copies are dropped.
/// </summary>
internal sealed class RabbitMqSubscription(RabbitMqTransport transport, IChannel channel, string queue) : ISubscription
{
    private const int RememberedIds = 4096;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private bool _disposed;

    public async ValueTask<TransportMessage> ReceiveAsync(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var got = await transport.RetryOnConnectionLossAsync(async () =>
            {
                if (await channel.BasicGetAsync(queue, autoAck: true).ConfigureAwait(false) is { } ready) return ready;
                var pushed = await SingleDelivery.NextAsync(channel, queue, cancellation).ConfigureAwait(false);
                await channel.BasicAckAsync(pushed.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
                return pushed;
            }, cancellation).ConfigureAwait(false);

            if (!FirstTime(got.BasicProperties.MessageId)) continue;
            var problem = WireEnvelope.Problem(got.BasicProperties, got.Body.Length, transport.Settings.MaxMessageBytes);
            if (problem is not null)
            {
                // Topic deliveries are auto-acknowledged: a refused one is logged and gone (topics carry announcements).
                transport.Logger.Warning(
                    "dropped a message from topic queue {Queue}: {Problem} (type {Type}, message id {MessageId}, {Bytes} bytes)",
                    queue, problem, got.BasicProperties.Type ?? "(none)", got.BasicProperties.MessageId ?? "(none)", got.Body.Length);
                continue;
            }

            var type = got.BasicProperties.Type!;
            return new TransportMessage(type, got.Body.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            await channel.QueueDeleteAsync(queue).ConfigureAwait(false);
            await channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
            // The exclusive queue goes away with the connection.
        }

        await channel.DisposeAsync().ConfigureAwait(false);
    }

    private bool FirstTime(string? messageId)
    {
        if (messageId is null) return true;
        if (!_seen.Add(messageId)) return false;
        _seenOrder.Enqueue(messageId);
        if (_seenOrder.Count > RememberedIds) _seen.Remove(_seenOrder.Dequeue());
        return true;
    }
}
