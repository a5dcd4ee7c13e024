using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Tests.Actors;
using RaRlhf.Actors.Transport;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Transport;

public sealed class QueuePumpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly MessageCodec Codec = new(new PayloadSerializer(new PayloadTypeRegistry()
        .Register<string>("test.text")));

    private static async Task<(InProcessTransport Transport, IQueueConsumer Consumer)> QueueWith(params string[] texts)
    {
        var transport = new InProcessTransport();
        await transport.DeclareQueueAsync("work", 4);
        foreach (var text in texts) await transport.SendAsync("work", Codec.Encode(text));
        return (transport, await transport.ConsumeAsync("work", 2));
    }

    [Fact]
    public async Task RunAsync_ActorAnswers_DeliversInOrderAndAcksFreeingCapacity()
    {
        var (transport, consumer) = await QueueWith("a", "b", "c", "d");
        await using var system = new ActorSystem("test", Logger.None);
        var journal = new RecordingActor.Journal();
        var actor = system.Spawn("worker", () => new RecordingActor(journal));
        using var stop = new CancellationTokenSource();

        var pump = new QueuePump(consumer, Codec, actor, Timeout, Logger.None).RunAsync(stop.Token);
        // The queue is full (capacity 4): these sends complete only because the pump acks what the actor handled.
        for (var i = 0; i < 4; i++) await transport.SendAsync("work", Codec.Encode($"more {i}")).WaitAsync(Timeout);
        using var deadline = new CancellationTokenSource(Timeout);
        while (journal.Handled.Count < 8) await Task.Delay(10, deadline.Token);
        stop.Cancel();
        await pump.WaitAsync(Timeout);

        Assert.Equal(["a", "b", "c", "d", "more 0", "more 1", "more 2", "more 3"], journal.Handled);
    }

    [Fact]
    public async Task RunAsync_ActorFailsOnce_RequeuesAndSucceedsOnRedelivery()
    {
        var (_, consumer) = await QueueWith("boom", "fine");
        await using var system = new ActorSystem("test", Logger.None);
        var shared = new FlakyActor.Shared { FailFirst = 1 };
        var options = new ActorOptions
        {
            Supervision = SupervisorStrategy.Default with { MinBackoff = TimeSpan.Zero, RedeliverInFlight = false },
        };
        var actor = system.Spawn("worker", () => new FlakyActor(shared), options);
        using var stop = new CancellationTokenSource();

        var pump = new QueuePump(consumer, Codec, actor, Timeout, Logger.None).RunAsync(stop.Token);
        using var deadline = new CancellationTokenSource(Timeout);
        while (Volatile.Read(ref shared.Attempts) < 2) await Task.Delay(10, deadline.Token);
        await Task.Delay(50);
        stop.Cancel();
        await pump.WaitAsync(Timeout);

        Assert.Equal(2, shared.Attempts); // "boom" failed, was requeued, and was handled on its redelivery
        Assert.Equal(1, system.DeadLetterCount); // the failed first delivery, dropped by the actor's supervisor
    }
}
