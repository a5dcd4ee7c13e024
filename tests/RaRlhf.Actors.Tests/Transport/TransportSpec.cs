using System.Text;
using RaRlhf.Actors.Transport;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>
/// The contract every <see cref="IMessageTransport"/> must meet (TCK style): subclass it and supply a transport.
/// Queue and topic names are fresh per test, so a shared broker is fine.
/// </summary>
public abstract class TransportSpec : IAsyncLifetime
{
    /// <summary>How long a test waits to be sure something does NOT happen (a send stays blocked, no delivery).</summary>
    protected virtual TimeSpan QuietPeriod => TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>A transport connected to the implementation under test.</summary>
    protected abstract Task<IMessageTransport> CreateTransportAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }

    private async Task<IMessageTransport> TransportAsync()
    {
        var transport = await CreateTransportAsync();
        _owned.Add(transport);
        return transport;
    }

    private async Task<IQueueConsumer> ConsumerAsync(IMessageTransport transport, string queue, int prefetch)
    {
        var consumer = await transport.ConsumeAsync(queue, prefetch);
        _owned.Add(consumer);
        return consumer;
    }

    private static string NewName(string kind) => $"spec-{kind}-{Guid.NewGuid():N}";

    private static TransportMessage Message(int i) => new("spec.number", Encoding.UTF8.GetBytes($"message {i}"));

    private static string Text(TransportMessage message) => Encoding.UTF8.GetString(message.Body.Span);

    private static async Task<Delivery> ReceiveAsync(IQueueConsumer consumer)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await consumer.ReceiveAsync(timeout.Token);
    }

    private async Task<bool> DeliversWithinQuietPeriodAsync(IQueueConsumer consumer)
    {
        using var quiet = new CancellationTokenSource(QuietPeriod);
        try
        {
            var delivery = await consumer.ReceiveAsync(quiet.Token);
            await consumer.NackAsync(delivery, requeue: true);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task SendAsync_ThenReceive_DeliversInOrderWithTypeAndBody()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 10);
        var consumer = await ConsumerAsync(transport, queue, 10);

        for (var i = 0; i < 5; i++) await transport.SendAsync(queue, Message(i));
        var received = new List<Delivery>();
        for (var i = 0; i < 5; i++) received.Add(await ReceiveAsync(consumer));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"message {i}"), received.Select(d => Text(d.Message)));
        Assert.All(received, d => Assert.Equal("spec.number", d.Message.Type));
        Assert.All(received, d => Assert.False(d.Redelivered));
        Assert.Equal(5, received.Select(d => d.DeliveryTag).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_QueueAtCapacity_WaitsUntilAMessageIsAcknowledged()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 2);
        await transport.SendAsync(queue, Message(0));
        await transport.SendAsync(queue, Message(1));

        var blocked = transport.SendAsync(queue, Message(2));
        await Task.Delay(QuietPeriod);
        Assert.False(blocked.IsCompleted, "a send into a full queue must wait");

        var consumer = await ConsumerAsync(transport, queue, 1);
        await consumer.AckAsync(await ReceiveAsync(consumer));
        await blocked.WaitAsync(Timeout);
        var rest = new[] { await ReceiveAfterAckAsync(consumer), await ReceiveAfterAckAsync(consumer) };

        Assert.Equal(["message 1", "message 2"], rest);
    }

    private static async Task<string> ReceiveAfterAckAsync(IQueueConsumer consumer)
    {
        var delivery = await ReceiveAsync(consumer);
        await consumer.AckAsync(delivery);
        return Text(delivery.Message);
    }

    [Fact]
    public async Task ReceiveAsync_PrefetchReached_WaitsUntilAnAck()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 10);
        for (var i = 0; i < 4; i++) await transport.SendAsync(queue, Message(i));
        var consumer = await ConsumerAsync(transport, queue, 2);

        var first = await ReceiveAsync(consumer);
        await ReceiveAsync(consumer);
        var third = consumer.ReceiveAsync().AsTask();
        await Task.Delay(QuietPeriod);
        Assert.False(third.IsCompleted, "a consumer at its prefetch limit must not get more");

        await consumer.AckAsync(first);
        Assert.Equal("message 2", Text((await third.WaitAsync(Timeout)).Message));
    }

    [Fact]
    public async Task DisposeConsumer_WithUnackedDeliveries_RedeliversThemInOrderToTheNextConsumer()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 10);
        for (var i = 0; i < 4; i++) await transport.SendAsync(queue, Message(i));
        var dying = await transport.ConsumeAsync(queue, 3);
        await dying.AckAsync(await ReceiveAsync(dying));
        await ReceiveAsync(dying);
        await ReceiveAsync(dying);

        await dying.DisposeAsync(); // the worker died with messages 1 and 2 in flight
        var survivor = await ConsumerAsync(transport, queue, 10);
        var redelivered = new[] { await ReceiveAsync(survivor), await ReceiveAsync(survivor) };
        var fresh = await ReceiveAsync(survivor);

        Assert.Equal(["message 1", "message 2"], redelivered.Select(d => Text(d.Message)));
        Assert.All(redelivered, d => Assert.True(d.Redelivered));
        Assert.Equal("message 3", Text(fresh.Message));
        Assert.False(fresh.Redelivered);
    }

    [Fact]
    public async Task NackAsync_Requeue_RedeliversMarked_WithoutRequeue_Drops()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 10);
        await transport.SendAsync(queue, Message(0));
        var consumer = await ConsumerAsync(transport, queue, 1);

        await consumer.NackAsync(await ReceiveAsync(consumer), requeue: true);
        var again = await ReceiveAsync(consumer);
        await consumer.NackAsync(again, requeue: false);

        Assert.Equal("message 0", Text(again.Message));
        Assert.True(again.Redelivered);
        Assert.False(await DeliversWithinQuietPeriodAsync(consumer), "a message nacked without requeue must be gone");
    }

    [Fact]
    public async Task CompetingConsumers_ManyMessages_EachDeliveredExactlyOnce()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 8);
        var consumers = new[] { await ConsumerAsync(transport, queue, 2), await ConsumerAsync(transport, queue, 2) };
        const int count = 200;

        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++) await transport.SendAsync(queue, Message(i));
        });
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var done = new CancellationTokenSource(Timeout);
        var workers = consumers.Select(consumer => Task.Run(async () =>
        {
            while (seen.Count < count && !done.IsCancellationRequested)
            {
                Delivery delivery;
                try
                {
                    using var poll = CancellationTokenSource.CreateLinkedTokenSource(done.Token);
                    poll.CancelAfter(QuietPeriod * 3);
                    delivery = await consumer.ReceiveAsync(poll.Token);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                seen.Add(Text(delivery.Message));
                await consumer.AckAsync(delivery);
            }
        })).ToArray();
        await producer.WaitAsync(Timeout);
        await Task.WhenAll(workers).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"message {i}").Order(), seen.Order());
    }

    [Fact]
    public async Task SendAsync_UndeclaredQueue_ThrowsNamingIt()
    {
        var transport = await TransportAsync();
        var queue = NewName("missing");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => transport.SendAsync(queue, Message(0)));

        Assert.Contains(queue, error.Message);
    }

    [Fact]
    public async Task AckAsync_SameDeliveryTwice_Throws()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 2);
        await transport.SendAsync(queue, Message(0));
        var consumer = await ConsumerAsync(transport, queue, 1);
        var delivery = await ReceiveAsync(consumer);
        await consumer.AckAsync(delivery);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await consumer.AckAsync(delivery));
    }

    [Fact]
    public async Task PublishAsync_TwoSubscribers_EachReceivesEveryLaterMessageInOrder()
    {
        var transport = await TransportAsync();
        var topic = NewName("topic");
        await transport.PublishAsync(topic, Message(-1)); // nobody listens yet: not kept for later subscribers
        await using var first = await transport.SubscribeAsync(topic, 8);
        await using var second = await transport.SubscribeAsync(topic, 8);

        for (var i = 0; i < 3; i++) await transport.PublishAsync(topic, Message(i));
        using var timeout = new CancellationTokenSource(Timeout);
        var a = new List<string>();
        var b = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            a.Add(Text(await first.ReceiveAsync(timeout.Token)));
            b.Add(Text(await second.ReceiveAsync(timeout.Token)));
        }

        Assert.Equal(["message 0", "message 1", "message 2"], a);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task SubscriberWaitingBeforeEachPublish_ReceivesEveryMessage()
    {
        var transport = await TransportAsync();
        var topic = NewName("topic");
        await using var subscriber = await transport.SubscribeAsync(topic, 2);
        using var timeout = new CancellationTokenSource(Timeout);

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var next = subscriber.ReceiveAsync(timeout.Token).AsTask(); // waiting on an empty buffer
            await Task.Delay(QuietPeriod / 3);
            await transport.PublishAsync(topic, Message(i));
            texts.Add(Text(await next));
        }

        Assert.Equal(["message 0", "message 1", "message 2"], texts);
    }

    [Fact]
    public async Task PublishAsync_SubscriberBufferFull_WaitsUntilItReads()
    {
        var transport = await TransportAsync();
        var topic = NewName("topic");
        await using var slow = await transport.SubscribeAsync(topic, 1);
        await transport.PublishAsync(topic, Message(0));

        var blocked = transport.PublishAsync(topic, Message(1));
        await Task.Delay(QuietPeriod);
        Assert.False(blocked.IsCompleted, "a publish into a full subscriber buffer must wait");

        using var timeout = new CancellationTokenSource(Timeout);
        Assert.Equal("message 0", Text(await slow.ReceiveAsync(timeout.Token)));
        await blocked.WaitAsync(Timeout);
        Assert.Equal("message 1", Text(await slow.ReceiveAsync(timeout.Token)));
    }

    [Fact]
    public async Task ReceiveAsync_Cancelled_ThrowsOperationCanceled()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 2);
        var consumer = await ConsumerAsync(transport, queue, 1);
        using var cancel = new CancellationTokenSource(QuietPeriod);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await consumer.ReceiveAsync(cancel.Token));
    }

    [Fact]
    public async Task ReceiveAsync_CancelledWhileWaiting_LeavesTheNextMessageToOthersUnmarked()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 2);
        var waiting = await ConsumerAsync(transport, queue, 1);
        using (var cancel = new CancellationTokenSource(QuietPeriod))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting.ReceiveAsync(cancel.Token));
        }

        await transport.SendAsync(queue, Message(0));
        var other = await ConsumerAsync(transport, queue, 1);
        var delivery = await ReceiveAsync(other);

        Assert.Equal("message 0", Text(delivery.Message));
        Assert.False(delivery.Redelivered, "an abandoned wait must not have taken (and handed back) the message");
    }

    [Fact]
    public async Task ReceiveAsync_WaitingBeforeTheSend_GetsEachMessageOnce()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 4);
        var consumer = await ConsumerAsync(transport, queue, 1);

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var next = ReceiveAsync(consumer); // waiting on an empty queue
            await Task.Delay(QuietPeriod / 3);
            await transport.SendAsync(queue, Message(i));
            var delivery = await next;
            texts.Add(Text(delivery.Message));
            await consumer.AckAsync(delivery);
        }

        Assert.Equal(["message 0", "message 1", "message 2"], texts);
        Assert.False(await DeliversWithinQuietPeriodAsync(consumer), "every message was acknowledged once");
    }

    [Fact]
    public async Task ReceiveAsync_CancelledAtAnyMoment_NeverStrandsAMessage()
    {
        var transport = await TransportAsync();
        var queue = NewName("queue");
        await transport.DeclareQueueAsync(queue, 2);
        var waiting = await ConsumerAsync(transport, queue, 1);
        var random = new Random(7);
        for (var i = 0; i < 150; i++)
        {
            // Cancelled at every point of a wait: before, during and after the broker registers the wait's consumer.
            using var cancel = new CancellationTokenSource(TimeSpan.FromTicks(random.Next(0, 30_000)));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting.ReceiveAsync(cancel.Token));
        }

        await transport.SendAsync(queue, Message(0));
        var other = await ConsumerAsync(transport, queue, 1);

        Assert.Equal("message 0", Text((await ReceiveAsync(other)).Message));
    }
}
