using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Serilog;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// The cluster transport on a RabbitMQ broker. A work queue is a durable queue with <c>x-max-length</c> = its
/// capacity and <c>x-overflow = reject-publish</c>; sends are persistent, mandatory and confirmed, and a send the
/// broker refuses as full is retried with backoff (<see cref="TrySendAsync"/> reports it instead). A topic is a
/// durable fanout exchange <c>rarlhf.topic.NAME</c>; each subscriber has an exclusive bounded queue bound to it.
/// One connection per transport with automatic recovery: operations wait through a broker restart and continue.
/// </summary>
public sealed class RabbitMqTransport : IMessageTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMilliseconds(200);

    private readonly RabbitMqPublisher _publisher;
    private readonly ConcurrentDictionary<string, bool> _exchanges = new(StringComparer.Ordinal);
    private long _generation;

    private RabbitMqTransport(IConnection connection, RabbitMqPublisher publisher, RabbitMqSettings settings, ILogger logger)
    {
        Connection = connection;
        _publisher = publisher;
        Settings = settings;
        Logger = logger;
        connection.RecoverySucceededAsync += (_, _) =>
        {
            Logger.Information("broker connection to {Broker} recovered", Settings.ToString());
            return Task.CompletedTask;
        };
        connection.ConnectionShutdownAsync += (_, reason) =>
        {
            if (reason.Initiator != ShutdownInitiator.Application)
            {
                // Counted at the loss, not at the recovery: a get on the recovered channel can complete before the
                // recovery event, and would then carry the old generation and never be acknowledged.
                Interlocked.Increment(ref _generation);
                Logger.Warning("broker connection to {Broker} lost ({Code} {Text}); recovering",
                    Settings.ToString(), reason.ReplyCode, reason.ReplyText);
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>The connection settings (their ToString has no password).</summary>
    public RabbitMqSettings Settings { get; }

    internal IConnection Connection { get; }

    internal ILogger Logger { get; }

    /// <summary>Counts connection losses; delivery tags from an older generation are void.</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    /// <summary>Connects (with automatic recovery and publisher confirms); the error names the broker, not the password.</summary>
    public static async Task<RabbitMqTransport> ConnectAsync(RabbitMqSettings settings, ILogger? logger = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connection = await RabbitMqConnector.ConnectAsync(settings, cancellation).ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellation).ConfigureAwait(false);
        var transport = new RabbitMqTransport(connection, new RabbitMqPublisher(channel, settings), settings,
            logger ?? Serilog.Core.Logger.None);
        try
        {
            await transport.DeclareDeadLetterQueueAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return transport;
    }

    /// <inheritdoc />
    public async Task DeclareQueueAsync(string queue, int capacity, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        await RetryOnConnectionLossAsync(async () =>
        {
            await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
            try
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: BoundedQueueArguments(capacity), cancellationToken: cancellation).ConfigureAwait(false);
            }
            catch (OperationInterruptedException error) when (BrokerErrors.ReplyCode(error) == 406)
            {
                throw new InvalidOperationException(
                    $"queue '{queue}' already exists on {Settings} with other settings than capacity {capacity} " +
                    $"(broker: {error.ShutdownReason?.ReplyText}); use the same capacity everywhere or delete the queue", error);
            }

            return true;
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Enqueues a message. A refusal by the full queue (<c>basic.nack</c> under <c>x-overflow = reject-publish</c>) is
    /// retried with backoff (5 → 200 ms) until the broker confirms it or <paramref name="cancellation"/> fires, so
    /// nothing is dropped; a warning is logged every <see cref="RabbitMqSettings.FullQueueWarningAfter"/> of waiting.
    /// </summary>
    public async Task SendAsync(string queue, TransportMessage message, CancellationToken cancellation = default)
    {
        var properties = RabbitMqPublisher.Properties(message, persistent: true);
        var backoff = new Backoff(FirstRetry, LastRetry);
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var warnAt = Settings.FullQueueWarningAfter;
        while (await RetryOnConnectionLossAsync(() => _publisher.PublishAsync("", queue, message, properties, cancellation), cancellation)
                   .ConfigureAwait(false) == SendOutcome.Full)
        {
            if (waiting.Elapsed >= warnAt)
            {
                Logger.Warning("queue {Queue} on {Broker} has been full for {Seconds:F0} s; the send of a {MessageType} keeps waiting " +
                               "(consumers too slow or gone?)", queue, Settings.ToString(), waiting.Elapsed.TotalSeconds, message.Type);
                warnAt += Settings.FullQueueWarningAfter;
            }

            await backoff.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>One confirmed send attempt: <see cref="SendOutcome.Full"/> when the queue is at its capacity.</summary>
    public Task<SendOutcome> TrySendAsync(string queue, TransportMessage message, CancellationToken cancellation = default) =>
        _publisher.PublishAsync("", queue, message, RabbitMqPublisher.Properties(message, persistent: true), cancellation);

    /// <summary>Messages ready in a queue (not counting those held unacknowledged by consumers): its backlog.</summary>
    public async Task<long> ReadyCountAsync(string queue, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        return await RetryOnConnectionLossAsync(async () =>
        {
            await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
            try
            {
                return (long)(await channel.QueueDeclarePassiveAsync(queue, cancellation).ConfigureAwait(false)).MessageCount;
            }
            catch (OperationInterruptedException error) when (BrokerErrors.ReplyCode(error) == 404)
            {
                throw new InvalidOperationException($"queue '{queue}' does not exist on {Settings}", error);
            }
        }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IQueueConsumer> ConsumeAsync(string queue, int prefetch, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellation).ConfigureAwait(false);
            await SingleDelivery.PrepareAsync(channel, cancellation).ConfigureAwait(false);
        }
        catch (OperationInterruptedException error) when (BrokerErrors.ReplyCode(error) == 404)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"queue '{queue}' does not exist on {Settings}; call DeclareQueueAsync first", error);
        }

        return new RabbitMqConsumer(this, channel, queue, prefetch);
    }

    /// <inheritdoc />
    public async Task PublishAsync(string topic, TransportMessage message, CancellationToken cancellation = default)
    {
        var exchange = await EnsureExchangeAsync(topic, cancellation).ConfigureAwait(false);
        var properties = RabbitMqPublisher.Properties(message, persistent: false);
        var backoff = new Backoff(FirstRetry, LastRetry);
        while (await RetryOnConnectionLossAsync(() => _publisher.PublishAsync(exchange, "", message, properties, cancellation), cancellation)
                   .ConfigureAwait(false) == SendOutcome.Full)
        {
            // A full subscriber refused it; the others got it and drop the retry's copy by message id.
            await backoff.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<ISubscription> SubscribeAsync(string topic, int capacity, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var exchange = await EnsureExchangeAsync(topic, cancellation).ConfigureAwait(false);
        var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
        var queue = $"{exchange}.sub.{Guid.NewGuid():N}";
        // Exclusive: it goes with the connection. Not auto-delete: SingleDelivery cancels its consumer after every
        // pushed message, and an auto-delete queue would be deleted then (and dropped from the recovered topology).
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: false,
            arguments: BoundedQueueArguments(capacity), cancellationToken: cancellation).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, exchange, "", cancellationToken: cancellation).ConfigureAwait(false);
        await SingleDelivery.PrepareAsync(channel, cancellation).ConfigureAwait(false);
        return new RabbitMqSubscription(this, channel, queue);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _publisher.DisposeAsync().ConfigureAwait(false);
            await Connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
        {
            // The broker is gone: nothing left to close politely.
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The name of a topic's fanout exchange.</summary>
    public static string ExchangeOf(string topic) => $"rarlhf.topic.{topic}";

    /// <summary>Runs <paramref name="work"/>, waiting for the connection's recovery and retrying while it is lost.</summary>
    internal async Task<T> RetryOnConnectionLossAsync<T>(Func<Task<T>> work, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(50), Settings.RecoveryInterval);
        while (true)
        {
            try
            {
                return await work().ConfigureAwait(false);
            }
            catch (Exception error) when (BrokerErrors.IsConnectionLoss(error) && !cancellation.IsCancellationRequested)
            {
                Logger.Debug("broker {Broker} unavailable ({Error}); retrying", Settings.ToString(), error.Message);
                await backoff.WaitAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception error) when (BrokerErrors.IsConnectionLoss(error))
            {
                // Cancelled during an outage: the caller asked to stop, so report that rather than the broker error.
                throw new OperationCanceledException("cancelled while the broker was unavailable", error, cancellation);
            }
        }
    }

    private async Task<string> EnsureExchangeAsync(string topic, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var exchange = ExchangeOf(topic);
        if (_exchanges.ContainsKey(exchange)) return exchange;
        await RetryOnConnectionLossAsync(async () =>
        {
            await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }, cancellation).ConfigureAwait(false);
        _exchanges[exchange] = true;
        return exchange;
    }

    private Dictionary<string, object?> BoundedQueueArguments(int capacity) => new()
    {
        ["x-max-length"] = capacity,
        ["x-overflow"] = "reject-publish",
        ["x-dead-letter-exchange"] = Settings.DeadLetterQueue,
    };

    /// <summary>
    /// The dead-letter exchange (fanout) and its queue, bounded with <c>drop-head</c> (the newest dead letters are
    /// kept for inspection). Declared by every node; one declared earlier with another capacity is kept as it is.
    /// </summary>
    private async Task DeclareDeadLetterQueueAsync(CancellationToken cancellation)
    {
        var name = Settings.DeadLetterQueue;
        await RetryOnConnectionLossAsync(async () =>
        {
            await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
            await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }, cancellation).ConfigureAwait(false);
        await RetryOnConnectionLossAsync(async () =>
        {
            await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
            try
            {
                await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?>
                    {
                        ["x-max-length"] = Settings.DeadLetterCapacity,
                        ["x-overflow"] = "drop-head",
                    }, cancellationToken: cancellation).ConfigureAwait(false);
            }
            catch (OperationInterruptedException error) when (BrokerErrors.ReplyCode(error) == 406)
            {
                Logger.Warning("dead-letter queue {Queue} exists on {Broker} with other settings ({Reply}); keeping it",
                    name, Settings.ToString(), error.ShutdownReason?.ReplyText);
                return true;
            }

            await channel.QueueBindAsync(name, name, "", cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }, cancellation).ConfigureAwait(false);
    }

}
