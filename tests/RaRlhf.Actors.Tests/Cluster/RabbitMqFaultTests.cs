using System.Text;
using RaRlhf.Actors.Tests.Actors;
using RaRlhf.Actors.Transport;
using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// Failures of the real broker and of a real worker process: a restart of the broker in the middle of work, a
/// consumer process killed with SIGKILL while holding deliveries, plus the transport's own limits.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqFaultTests(RabbitMqServerFixture broker) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }

    private static TransportMessage Message(string text) => new("fault.text", Encoding.UTF8.GetBytes(text));

    private static string Text(Delivery delivery) => Encoding.UTF8.GetString(delivery.Message.Body.Span);

    private readonly CollectingSink _log = new();

    private async Task<RabbitMqTransport> ConnectAsync()
    {
        var transport = await RabbitMqTransport.ConnectAsync(broker.Settings(), _log.CreateLogger());
        _owned.Add(transport);
        return transport;
    }

    private static async Task<Delivery> ReceiveAsync(IQueueConsumer consumer)
    {
        using var limit = new CancellationTokenSource(Timeout);
        return await consumer.ReceiveAsync(limit.Token);
    }

    [Fact]
    public async Task BrokerRestart_MidWork_SendsWaitAndConsumerResumesWithNothingLostOrLeaked()
    {
        var transport = await ConnectAsync();
        var queue = $"fault-restart-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 10);
        for (var i = 0; i < 3; i++) await transport.SendAsync(queue, Message($"before {i}"));
        var consumer = await transport.ConsumeAsync(queue, 5);
        _owned.Add(consumer);
        var inFlight = await ReceiveAsync(consumer); // taken, not acknowledged when the broker goes down

        await broker.StopAsync();
        var sendDuringOutage = transport.SendAsync(queue, Message("during outage"));
        await Task.Delay(500);
        Assert.False(sendDuringOutage.IsCompleted, "a send while the broker is down must wait for it");
        await broker.StartAsync();
        await sendDuringOutage.WaitAsync(Timeout);
        await consumer.AckAsync(inFlight); // void after the restart: the broker requeued it, no error

        var texts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var delivery = await ReceiveAsync(consumer);
            texts.Add(Text(delivery));
            await consumer.AckAsync(delivery);
        }

        Assert.Equal("before 0", Text(inFlight));
        Assert.Equal(["before 0", "before 1", "before 2", "during outage"], texts);
        Assert.Equal(SendOutcome.Accepted, await transport.TrySendAsync(queue, Message("after")));
        Assert.Equal("after", Text(await ReceiveAsync(consumer)));
        var small = $"{queue}-small";
        await transport.DeclareQueueAsync(small, 1);
        await transport.SendAsync(small, Message("fills it"));
        Assert.Equal(SendOutcome.Full, await transport.TrySendAsync(small, Message("refused"))); // confirms still on
        var lines = _log.Events.Select(e => e.RenderMessage() + e.Exception).ToList();
        Assert.Contains(lines, line => line.Contains("recovered", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(RabbitMqServerFixture.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrokerRestart_WhileConsumerAndSubscriberWait_BothReceiveWhatIsSentAfter()
    {
        var transport = await ConnectAsync();
        var queue = $"fault-wait-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 10);
        var consumer = await transport.ConsumeAsync(queue, 1);
        _owned.Add(consumer);
        var topic = $"fault-wait-{Guid.NewGuid():N}";
        var subscription = await transport.SubscribeAsync(topic, 4);
        _owned.Add(subscription);
        using var limit = new CancellationTokenSource(Timeout * 3);
        var work = consumer.ReceiveAsync(limit.Token).AsTask();        // both wait on empty queues through the outage
        var announcement = subscription.ReceiveAsync(limit.Token).AsTask();

        await broker.StopAsync();
        await broker.StartAsync();
        await transport.SendAsync(queue, Message("after restart"));
        await transport.PublishAsync(topic, Message("announced after restart"));

        var delivery = await work.WaitAsync(Timeout);
        Assert.Equal("after restart", Text(delivery));
        Assert.False(delivery.Redelivered);
        await consumer.AckAsync(delivery);
        Assert.Equal("announced after restart", Encoding.UTF8.GetString((await announcement.WaitAsync(Timeout)).Body.Span));
        Assert.Equal(0, await transport.ReadyCountAsync(queue));
    }

    [Fact]
    public async Task ConsumerProcessKilled_HoldingDeliveries_TheyAreRedeliveredToTheSurvivor()
    {
        var transport = await ConnectAsync();
        var queue = $"fault-killed-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 10);
        for (var i = 0; i < 5; i++) await transport.SendAsync(queue, Message($"work {i}"));

        var taken = await BrokerChildProcess.TakeAndDieAsync(broker.Port, queue, 3);
        var readyAfterDeath = await WaitForReadyAsync(transport, queue, 5); // the broker noticed the closed socket
        var survivor = await transport.ConsumeAsync(queue, 10);
        _owned.Add(survivor);
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 5; i++) deliveries.Add(await ReceiveAsync(survivor));

        Assert.Equal(["work 0", "work 1", "work 2"], taken);
        Assert.Equal(5, readyAfterDeath);
        Assert.Equal(["work 0", "work 1", "work 2", "work 3", "work 4"], deliveries.Select(Text));
        Assert.Equal([true, true, true, false, false], deliveries.Select(d => d.Redelivered));
    }

    private static async Task<long> WaitForReadyAsync(RabbitMqTransport transport, string queue, long expected)
    {
        using var limit = new CancellationTokenSource(Timeout);
        long ready;
        while ((ready = await transport.ReadyCountAsync(queue)) != expected && !limit.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        return ready;
    }

    [Fact]
    public async Task TrySendAsync_QueueAtCapacity_ReportsFullUntilAMessageLeaves()
    {
        var transport = await ConnectAsync();
        var queue = $"fault-full-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 2);

        var outcomes = new List<SendOutcome>();
        for (var i = 0; i < 3; i++) outcomes.Add(await transport.TrySendAsync(queue, Message($"m {i}")));
        var consumer = await transport.ConsumeAsync(queue, 1);
        _owned.Add(consumer);
        await consumer.AckAsync(await ReceiveAsync(consumer));

        Assert.Equal([SendOutcome.Accepted, SendOutcome.Accepted, SendOutcome.Full], outcomes);
        Assert.Equal(SendOutcome.Accepted, await transport.TrySendAsync(queue, Message("m 2")));
    }

    [Fact]
    public async Task DeclareQueueAsync_OtherCapacityThanExisting_ThrowsNamingQueue()
    {
        var transport = await ConnectAsync();
        var queue = $"fault-capacity-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 4);
        await transport.DeclareQueueAsync(queue, 4); // same settings: idempotent

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.DeclareQueueAsync(queue, 5));

        Assert.Contains(queue, error.Message);
    }

    [Fact]
    public async Task SendAsync_BodyOverLimit_ThrowsNamingLimitAndQueue()
    {
        var transport = await ConnectAsync();
        var queue = $"fault-size-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 2);
        var tooBig = new TransportMessage("fault.big", new byte[broker.Settings().MaxMessageBytes + 1]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => transport.SendAsync(queue, tooBig));

        Assert.Contains(queue, error.Message);
        Assert.Contains(broker.Settings().MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Settings_FromUriWithPassword_NeverShowsThePassword()
    {
        var settings = RabbitMqSettings.FromUri("amqps://node%2D1:s3cr%40t@broker.example:5999/rl%2Fhf");

        Assert.Equal(("broker.example", 5999, "rl/hf", "node-1", "s3cr@t", true),
            (settings.Host, settings.Port, settings.VirtualHost, settings.UserName, settings.Password, settings.UseTls));
        Assert.DoesNotContain("s3cr", settings.ToString());
        var error = Assert.Throws<FormatException>(() => RabbitMqSettings.FromUri("http://user:hunter2@host/"));
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
