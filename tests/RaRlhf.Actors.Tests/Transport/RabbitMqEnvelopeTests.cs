using System.Text;
using RabbitMQ.Client;
using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Tests.Actors;
using RaRlhf.Actors.Tests.Cluster;
using RaRlhf.Actors.Transport;
using RaRlhf.Actors.Transport.RabbitMq;
using Serilog.Events;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>
/// Over the real test broker: messages with an unknown envelope version, no type, an unknown type or an oversize
/// body are rejected once to the dead-letter queue and logged, and the consumer goes on with the next message.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqEnvelopeTests(RabbitMqServerFixture broker) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CollectingSink _log = new();
    private readonly string _deadLetters = $"dead-{Guid.NewGuid():N}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }

    private async Task<RabbitMqTransport> ConnectAsync(int? maxMessageBytes = null, TimeSpan? warnAfter = null)
    {
        var settings = BrokerTestSettings.With(broker.Settings(), _deadLetters, maxMessageBytes, warnAfter);
        var transport = await RabbitMqTransport.ConnectAsync(settings, _log.CreateLogger());
        _owned.Add(transport);
        return transport;
    }

    private static TransportMessage Text(string text) => new("test.text", Encoding.UTF8.GetBytes(text));

    /// <summary>Publishes around our envelope, as a foreign or newer client would.</summary>
    private static async Task PublishRawAsync(RabbitMqTransport transport, string queue, string? type, object? version)
    {
        await using var channel = await transport.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { Type = type, MessageId = Guid.NewGuid().ToString("N") };
        if (version is not null) properties.Headers = new Dictionary<string, object?> { [WireEnvelope.VersionHeader] = version };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes("{}"));
    }

    private async Task<long> DeadLetterCountAsync(RabbitMqTransport transport, long expected)
    {
        // Dead-lettering happens inside the broker right after the reject; give it a moment.
        using var limit = new CancellationTokenSource(Timeout);
        long count;
        while ((count = await transport.ReadyCountAsync(_deadLetters)) < expected) await Task.Delay(20, limit.Token);
        return count;
    }

    [Fact]
    public async Task ReceiveAsync_UnknownEnvelopeVersionOrNoType_RejectsEachToDeadLetterAndDeliversTheNext()
    {
        var transport = await ConnectAsync();
        var queue = $"envelope-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 10);
        await PublishRawAsync(transport, queue, "test.text", version: 2);
        await PublishRawAsync(transport, queue, "test.text", version: null);
        await PublishRawAsync(transport, queue, type: null, version: WireEnvelope.Version);
        await transport.SendAsync(queue, Text("good"));
        var consumer = await transport.ConsumeAsync(queue, 1);
        _owned.Add(consumer);

        using var limit = new CancellationTokenSource(Timeout);
        var delivery = await consumer.ReceiveAsync(limit.Token);
        await consumer.AckAsync(delivery);

        Assert.Equal("good", Encoding.UTF8.GetString(delivery.Message.Body.Span));
        Assert.False(delivery.Redelivered);
        Assert.Equal(3, await DeadLetterCountAsync(transport, 3));
        Assert.Equal(0, await transport.ReadyCountAsync(queue));
        var warnings = _log.Events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage()).ToList();
        Assert.Contains(warnings, w => w.Contains("envelope version 2 is not 1", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("envelope version (none) is not 1", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("no message type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReceiveAsync_BodyOverReceiverLimit_RejectsToDeadLetterNamingTheLimit()
    {
        var sender = await ConnectAsync();
        var receiver = await ConnectAsync(maxMessageBytes: 1000);
        var queue = $"envelope-size-{Guid.NewGuid():N}";
        await sender.DeclareQueueAsync(queue, 10);
        await sender.SendAsync(queue, new TransportMessage("test.text", new byte[200_000]));
        await sender.SendAsync(queue, Text("small"));
        var consumer = await receiver.ConsumeAsync(queue, 1);
        _owned.Add(consumer);

        using var limit = new CancellationTokenSource(Timeout);
        var delivery = await consumer.ReceiveAsync(limit.Token);

        Assert.Equal("small", Encoding.UTF8.GetString(delivery.Message.Body.Span));
        Assert.Equal(1, await DeadLetterCountAsync(receiver, 1));
        Assert.Contains(_log.Events, e => e.RenderMessage().Contains("body of 200000 bytes exceeds the limit of 1000 bytes", StringComparison.Ordinal));
        // The sender's own limit refuses before anything reaches the wire.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => receiver.SendAsync(queue, new TransportMessage("test.text", new byte[1001])));
        Assert.Contains("1000 bytes", error.Message);
    }

    [Fact]
    public async Task QueuePump_UnknownMessageType_DeadLettersItOnceAndHandlesTheNext()
    {
        var codec = new MessageCodec(new PayloadSerializer(new PayloadTypeRegistry().Register<string>("test.text")));
        var transport = await ConnectAsync();
        var queue = $"envelope-type-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 10);
        await transport.SendAsync(queue, new TransportMessage("test.from-the-future", Encoding.UTF8.GetBytes("{}")));
        await transport.SendAsync(queue, codec.Encode("known"));
        var consumer = await transport.ConsumeAsync(queue, 2);
        _owned.Add(consumer);
        await using var system = new ActorSystem("test", Serilog.Core.Logger.None);
        var journal = new RecordingActor.Journal();
        var actor = system.Spawn("worker", () => new RecordingActor(journal));
        using var stop = new CancellationTokenSource();

        var pump = new QueuePump(consumer, codec, actor, Timeout, _log.CreateLogger()).RunAsync(stop.Token);
        using var limit = new CancellationTokenSource(Timeout);
        while (journal.Handled.Count < 1) await Task.Delay(10, limit.Token);
        var deadLetters = await DeadLetterCountAsync(transport, 1);
        await Task.Delay(300); // a retried message would show up again in this time
        stop.Cancel();
        await pump.WaitAsync(Timeout);

        Assert.Equal(["known"], journal.Handled);
        Assert.Equal(1, deadLetters);
        Assert.Equal(1, await transport.ReadyCountAsync(_deadLetters));
        Assert.Equal(0, await transport.ReadyCountAsync(queue));
        Assert.Single(_log.Events, e => e.Level == LogEventLevel.Error && e.RenderMessage().Contains("test.from-the-future", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_QueueFull_WaitsWithAWarningAndLosesNothingWhenDrained()
    {
        var transport = await ConnectAsync(warnAfter: TimeSpan.FromMilliseconds(200));
        var queue = $"overflow-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 1);
        await transport.SendAsync(queue, Text("first"));

        var second = transport.SendAsync(queue, Text("second"));
        await Task.Delay(700);
        var waited = !second.IsCompleted;
        var consumer = await transport.ConsumeAsync(queue, 2);
        _owned.Add(consumer);
        using var limit = new CancellationTokenSource(Timeout);
        var first = await consumer.ReceiveAsync(limit.Token);
        await consumer.AckAsync(first);
        await second.WaitAsync(Timeout);
        var next = await consumer.ReceiveAsync(limit.Token);

        Assert.True(waited, "a send into a full queue (x-overflow = reject-publish) must wait, not drop or fail");
        Assert.Equal(["first", "second"], new[] { first, next }.Select(d => Encoding.UTF8.GetString(d.Message.Body.Span)));
        Assert.Contains(_log.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains($"queue \"{queue}\"", StringComparison.Ordinal)
                                          && e.RenderMessage().Contains("has been full", StringComparison.Ordinal));
    }
}
