using RabbitMQ.Client;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// A consumer of a work queue on its own channel. It takes a message (manual ack) only when the caller asks — a ready
/// one with <c>basic.get</c>, else the next one the broker pushes (<see cref="SingleDelivery"/>) — and holds at most
/// <c>prefetch</c> unacknowledged deliveries, so nothing waits in a client buffer: a message is either ready in the
/// broker or handed to a worker. Closing the channel (dispose, or the process dying) makes the
/// broker requeue every unacknowledged delivery, marked redelivered.
/// </summary>
internal sealed class RabbitMqConsumer(RabbitMqTransport transport, IChannel channel, string queue, int prefetch)
    : IQueueConsumer
{
    private readonly SemaphoreSlim _prefetch = new(prefetch, prefetch);
    private readonly Dictionary<long, (ulong BrokerTag, long Generation)> _unacked = [];
    private long _lastTag;
    private bool _disposed;

    public async ValueTask<Delivery> ReceiveAsync(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _prefetch.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                // A ready message is taken with one get; otherwise the broker pushes the next one (SingleDelivery).
                // No token on the get itself: a get abandoned mid-flight would strand its message until dispose.
                var (generation, got) = await transport.RetryOnConnectionLossAsync(async () =>
                    (transport.Generation, await channel.BasicGetAsync(queue, autoAck: false).ConfigureAwait(false)
                                           ?? await SingleDelivery.NextAsync(channel, queue, cancellation).ConfigureAwait(false)),
                    cancellation).ConfigureAwait(false);
                if (await AcceptAsync(got, generation).ConfigureAwait(false) is { } delivery) return delivery;
            }
        }
        catch
        {
            _prefetch.Release();
            throw;
        }
    }

    public async ValueTask AckAsync(Delivery delivery, CancellationToken cancellation = default)
    {
        var (tag, generation) = Settle(delivery);
        try
        {
            if (IsCurrent(delivery, generation)) await channel.BasicAckAsync(tag, multiple: false, cancellation).ConfigureAwait(false);
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
            LostWithConnection(delivery, error);
        }
        finally
        {
            _prefetch.Release();
        }
    }

    public async ValueTask NackAsync(Delivery delivery, bool requeue, CancellationToken cancellation = default)
    {
        var (tag, generation) = Settle(delivery);
        try
        {
            if (IsCurrent(delivery, generation))
            {
                await channel.BasicNackAsync(tag, multiple: false, requeue, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
            LostWithConnection(delivery, error);
        }
        finally
        {
            _prefetch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_unacked)
        {
            if (_disposed) return;
            _disposed = true;
        }

        try
        {
            await channel.CloseAsync().ConfigureAwait(false); // the broker requeues what is unacknowledged
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
            // Already gone with the connection: the broker requeued everything then.
        }

        await channel.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<Delivery?> AcceptAsync(BasicGetResult got, long generation)
    {
        var problem = WireEnvelope.Problem(got.BasicProperties, got.Body.Length, transport.Settings.MaxMessageBytes);
        if (problem is not null)
        {
            // Rejected without requeue: the broker moves it to the dead-letter queue; it is never retried.
            transport.Logger.Warning(
                "rejected a message from queue {Queue} to dead-letter queue {DeadLetterQueue}: {Problem} " +
                "(type {Type}, message id {MessageId}, {Bytes} bytes)", queue, transport.Settings.DeadLetterQueue, problem,
                got.BasicProperties.Type ?? "(none)", got.BasicProperties.MessageId ?? "(none)", got.Body.Length);
            await channel.BasicRejectAsync(got.DeliveryTag, requeue: false).ConfigureAwait(false);
            return null;
        }

        var type = got.BasicProperties.Type!;
        lock (_unacked)
        {
            var tag = ++_lastTag;
            _unacked.Add(tag, (got.DeliveryTag, generation));
            return new Delivery(queue, tag, new TransportMessage(type, got.Body.ToArray()), got.Redelivered);
        }
    }

    private (ulong BrokerTag, long Generation) Settle(Delivery delivery)
    {
        lock (_unacked)
        {
            if (delivery.Queue == queue && _unacked.Remove(delivery.DeliveryTag, out var pending)) return pending;
        }

        throw new InvalidOperationException(
            $"delivery {delivery.DeliveryTag} of queue '{delivery.Queue}' is not pending on this consumer " +
            "(already settled, or received by another consumer)");
    }

    /// <summary>
    /// The channel went down with the connection (or is not recovered yet, which can outlast the recovery event):
    /// the broker requeues the delivery itself, so the settlement is void, as for a stale one.
    /// </summary>
    private void LostWithConnection(Delivery delivery, Exception error) =>
        transport.Logger.Warning(
            "delivery {Tag} of queue {Queue} could not be settled, the broker connection is down ({Error}); the broker " +
            "requeues it and will deliver it again (handlers must be idempotent by message id)", delivery.DeliveryTag, queue, error.Message);

    private bool IsCurrent(Delivery delivery, long generation)
    {
        if (generation == transport.Generation) return true;
        transport.Logger.Warning(
            "delivery {Tag} of queue {Queue} was received before the broker connection was lost; the broker has " +
            "requeued it and will deliver it again (handlers must be idempotent by message id)", delivery.DeliveryTag, queue);
        return false;
    }
}
