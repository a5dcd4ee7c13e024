using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// The transport's publishing channel, with publisher confirmations and their tracking: a publish returns once the
/// broker confirmed it, and tells a refusal by a full bounded queue (<c>basic.nack</c>) from a missing queue
/// (<c>basic.return</c> of a mandatory message).
/// </summary>
internal sealed class RabbitMqPublisher(IChannel channel, RabbitMqSettings settings) : IAsyncDisposable
{
    /// <summary>
    /// The properties every message carries: type = manifest, the envelope version header, a fresh message id,
    /// persistence for work.
    /// </summary>
    public static BasicProperties Properties(TransportMessage message, bool persistent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Type);
        return new BasicProperties
        {
            Type = message.Type,
            MessageId = Guid.NewGuid().ToString("N"),
            ContentType = "application/json",
            Persistent = persistent,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?> { [WireEnvelope.VersionHeader] = WireEnvelope.Version },
        };
    }

    /// <summary>One confirmed publish; to the default exchange (a queue) it is mandatory.</summary>
    public async Task<SendOutcome> PublishAsync(string exchange, string routingKey, TransportMessage message,
        BasicProperties properties, CancellationToken cancellation)
    {
        var destination = exchange.Length == 0 ? routingKey : exchange;
        if (message.Body.Length > settings.MaxMessageBytes)
        {
            throw new ArgumentException(
                $"message of {message.Body.Length} bytes for '{destination}' exceeds the transport limit of " +
                $"{settings.MaxMessageBytes} bytes; put large data (weights) in the blob store and send its id");
        }

        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: exchange.Length == 0, properties,
                message.Body, cancellation).ConfigureAwait(false);
            return SendOutcome.Accepted;
        }
        catch (PublishException error) when (error.IsReturn)
        {
            throw new InvalidOperationException(
                $"queue '{routingKey}' does not exist on {settings} (the broker returned the message); " +
                "call DeclareQueueAsync first", error);
        }
        catch (PublishException)
        {
            return SendOutcome.Full; // basic.nack: a bounded queue with reject-publish is full
        }
    }

    public ValueTask DisposeAsync() => channel.DisposeAsync();
}
