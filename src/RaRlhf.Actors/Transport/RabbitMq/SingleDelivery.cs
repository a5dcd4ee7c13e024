using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// Waits for the next message of a queue without polling. It registers a consumer that takes one delivery (the
/// channel's per-consumer prefetch is 1, set by <see cref="PrepareAsync"/>) and cancels it once that delivery is in
/// hand. The broker pushes the message the moment one is ready, where a <c>basic.get</c> poll would find it only at
/// its next tick; and, unlike a standing consumer, nothing is ever prefetched into a client buffer unseen.
/// </summary>
internal static class SingleDelivery
{
    /// <summary>Per-consumer prefetch 1 on <paramref name="channel"/>; <c>basic.get</c> is not limited by it.</summary>
    public static Task PrepareAsync(IChannel channel, CancellationToken cancellation) =>
        channel.BasicQosAsync(prefetchSize: 0, prefetchCount: 1, global: false, cancellation);

    /// <summary>
    /// The next delivery of <paramref name="queue"/>, unacknowledged. A lost connection throws (the caller retries after
    /// recovery; the broker requeues anything delivered meanwhile); a cancelled wait leaves nothing held.
    /// </summary>
    public static async Task<BasicGetResult> NextAsync(IChannel channel, string queue, CancellationToken cancellation)
    {
        var arrived = new TaskCompletionSource<BasicGetResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, e) =>
        {
            // The body is only valid inside this handler: copy it.
            var copy = new BasicGetResult(e.DeliveryTag, e.Redelivered, e.Exchange, e.RoutingKey, 0,
                new BasicProperties(e.BasicProperties), e.Body.ToArray());
            if (!arrived.TrySetResult(copy))
            {
                // The wait was abandoned just as this arrived: hand it back rather than hold it unseen.
                await HandBackAsync(channel, e.DeliveryTag).ConfigureAwait(false);
            }
        };
        AsyncEventHandler<ShutdownEventArgs> closed = (_, reason) =>
        {
            arrived.TrySetException(new OperationInterruptedException(reason));
            return Task.CompletedTask;
        };
        consumer.ShutdownAsync += closed;
        channel.ChannelShutdownAsync += closed; // a recovering channel does not always tell its consumers
        consumer.UnregisteredAsync += (_, _) =>
        {
            // After our own cancel this is a no-op; before it, the broker cancelled the consumer (queue deleted).
            arrived.TrySetException(new InvalidOperationException(
                $"the broker cancelled the consumer of queue '{queue}' (was the queue deleted?)"));
            return Task.CompletedTask;
        };

        // No token on the consume: cancelled mid-call, the broker may still register the consumer, and one whose tag we
        // never learned could not be cancelled; it would take the next message and hold it unseen.
        string tag;
        try
        {
            tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            channel.ChannelShutdownAsync -= closed;
            arrived.TrySetCanceled(); // anything that still reaches the handler goes back to the queue
            throw;
        }

        BasicGetResult? taken = null;
        try
        {
            taken = await arrived.Task.WaitAsync(cancellation).ConfigureAwait(false);
            return taken;
        }
        finally
        {
            channel.ChannelShutdownAsync -= closed;
            await CancelAsync(channel, tag).ConfigureAwait(false);
            if (taken is null && !arrived.TrySetCanceled() && arrived.Task.IsCompletedSuccessfully)
            {
                // Delivered while the wait was being cancelled: nobody will see it, so it goes back to the queue.
                await HandBackAsync(channel, arrived.Task.Result.DeliveryTag).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Requeues a delivery no one will see; gone with the connection, the broker has requeued it already.</summary>
    private static async Task HandBackAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicRejectAsync(deliveryTag, requeue: true).ConfigureAwait(false);
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
        }
    }

    private static async Task CancelAsync(IChannel channel, string tag)
    {
        try
        {
            await channel.BasicCancelAsync(tag).ConfigureAwait(false);
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
            // The consumer went with the channel.
        }
    }
}
