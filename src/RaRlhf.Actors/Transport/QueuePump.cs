using RaRlhf.Actors.Actors;
using Serilog;

namespace RaRlhf.Actors.Transport;

/// <summary>
/// Feeds a work queue into an actor, acknowledging only after the actor handled the message: each delivery is
/// decoded and Asked; the answer acks it. A failure or timeout requeues it once (it comes back marked redelivered);
/// a redelivered message that fails again, or one that cannot be decoded (unknown type, bad body), is rejected without
/// requeue and logged, so a poison message cannot loop forever (on RabbitMQ it moves to the dead-letter queue). One delivery is in flight at a time: the consumer's prefetch bounds what waits locally.
/// </summary>
public sealed class QueuePump(IQueueConsumer consumer, MessageCodec codec, ActorRef target, TimeSpan handleTimeout,
    ILogger logger)
{
    /// <summary>Pumps until <paramref name="cancellation"/> fires; the delivery in flight then goes back to the queue.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            Delivery delivery;
            try
            {
                delivery = await consumer.ReceiveAsync(cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }

            await HandleAsync(delivery, cancellation).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Delivery delivery, CancellationToken cancellation)
    {
        object message;
        try
        {
            message = codec.Decode(delivery.Message, delivery.Queue);
        }
        catch (Exception error)
        {
            logger.Error(error, "Rejecting undecodable {MessageType} from queue {Queue} (dead-lettered, not retried)",
                delivery.Message.Type, delivery.Queue);
            await consumer.NackAsync(delivery, requeue: false, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        try
        {
            await target.AskAsync<object?>(message, handleTimeout, cancellation).ConfigureAwait(false);
            await consumer.AckAsync(delivery, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await consumer.NackAsync(delivery, requeue: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            var requeue = !delivery.Redelivered;
            logger.Warning(error, "Actor {Actor} failed on {MessageType} from queue {Queue}; requeue: {Requeue}",
                target.Name, delivery.Message.Type, delivery.Queue, requeue);
            await consumer.NackAsync(delivery, requeue, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
