using RabbitMQ.Client;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// A topic subscriber: an exclusive queue bound to the topic's fanout exchange, at most <c>capacity</c> messages
/// long (reject-publish, so a publisher waits for a full subscriber). Messages are pulled when asked for. A publish
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
        var poll = new Backoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(50));
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var got = await transport.RetryOnConnectionLossAsync(
                () => channel.BasicGetAsync(queue, autoAck: true), cancellation).ConfigureAwait(false);
            if (got is null)
            {
                await poll.WaitAsync(cancellation).ConfigureAwait(false);
                continue;
            }

            if (!FirstTime(got.BasicProperties.MessageId)) continue;
            var type = got.BasicProperties.Type;
            if (string.IsNullOrEmpty(type) || got.Body.Length > transport.Settings.MaxMessageBytes)
            {
                transport.Logger.Warning(
                    "dropped a message from topic queue {Queue}: type {Type}, {Bytes} bytes (limit {Limit})",
                    queue, type ?? "(none)", got.Body.Length, transport.Settings.MaxMessageBytes);
                continue;
            }

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
