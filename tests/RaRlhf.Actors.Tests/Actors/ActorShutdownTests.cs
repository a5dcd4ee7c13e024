using RaRlhf.Actors.Actors;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Actors;

public sealed class ActorShutdownTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static async Task<(ActorSystem System, ActorRef Actor, RecordingActor.Journal Journal)> BlockedWithQueue()
    {
        var system = new ActorSystem("test", Logger.None);
        var journal = new RecordingActor.Journal { Gate = new TaskCompletionSource() };
        var actor = system.Spawn("worker", () => new RecordingActor(journal));
        await actor.TellAsync("in-flight");
        await journal.Entered.Task.WaitAsync(Timeout);
        foreach (var i in Enumerable.Range(1, 3)) await actor.TellAsync(i);
        return (system, actor, journal);
    }

    [Fact]
    public async Task StopAsync_Drain_HandlesEveryQueuedMessage()
    {
        var (system, actor, journal) = await BlockedWithQueue();

        var stopping = system.StopAsync(actor, ShutdownMode.Drain, Timeout);
        journal.Gate.SetResult();
        var undelivered = await stopping;

        Assert.Empty(undelivered);
        Assert.Equal(["in-flight", 1, 2, 3], journal.Handled);
        Assert.Equal(1, journal.Stops);
        Assert.Null(system.Lookup("worker"));
    }

    [Fact]
    public async Task StopAsync_HandBack_FinishesInFlightAndReturnsQueuedInOrder()
    {
        var (system, actor, journal) = await BlockedWithQueue();

        var stopping = system.StopAsync(actor, ShutdownMode.HandBack, Timeout);
        await Task.Delay(20);
        journal.Gate.SetResult();
        var undelivered = await stopping;

        Assert.Equal(["in-flight"], journal.Handled);
        Assert.Equal([1, 2, 3], undelivered);
    }

    [Fact]
    public async Task StopAsync_TimeoutExpires_CancelsHandlerAndHandsBackInFlight()
    {
        var (system, actor, journal) = await BlockedWithQueue();

        var undelivered = await system.StopAsync(actor, ShutdownMode.Drain, TimeSpan.FromMilliseconds(50));

        Assert.Empty(journal.Handled);
        Assert.Equal(["in-flight", 1, 2, 3], undelivered);
    }

    [Fact]
    public async Task ShutdownAsync_HandBack_ReportsUndeliveredPerActorAndTerminates()
    {
        var (system, _, journal) = await BlockedWithQueue();
        system.Spawn("idle", () => new RecordingActor(new RecordingActor.Journal()));

        var stopping = system.ShutdownAsync(ShutdownMode.HandBack, Timeout);
        journal.Gate.SetResult();
        var report = await stopping;
        await system.WhenTerminated.WaitAsync(Timeout);

        Assert.Equal(3, report.UndeliveredCount);
        Assert.Equal([1, 2, 3], report.Undelivered["worker"]);
        Assert.False(report.Undelivered.ContainsKey("idle"));
        Assert.Throws<InvalidOperationException>(() => system.Spawn("late", () => new RecordingActor(journal)));
    }

    [Fact]
    public async Task TellAsync_ToStoppedActor_IsCountedAndLoggedAsDeadLetter()
    {
        var sink = new CollectingSink();
        var deadLetters = new LoggingDeadLetterSink(sink.CreateLogger());
        var system = new ActorSystem("test", Logger.None, deadLetters);
        var actor = system.Spawn("gone", () => new RecordingActor(new RecordingActor.Journal()));
        await system.StopAsync(actor, ShutdownMode.Drain, Timeout);

        await actor.TellAsync("hello?");
        var tried = actor.TryTell("anyone?");
        await system.TellAsync("nobody", 42);

        Assert.False(tried);
        Assert.Equal(3, system.DeadLetterCount);
        Assert.Equal(3, deadLetters.Count);
        var logged = sink.Events.ToArray();
        Assert.Equal(3, logged.Length);
        Assert.All(logged, e => Assert.Equal("Dead letter {MessageType} to {Recipient}: {Reason}", e.MessageTemplate.Text));
        Assert.Equal("\"nobody\"", logged[2].Properties["Recipient"].ToString());
        Assert.Equal("\"no such actor\"", logged[2].Properties["Reason"].ToString());
    }

    [Fact]
    public async Task AskAsync_ToStoppedActor_ThrowsActorStoppedNamingIt()
    {
        var system = new ActorSystem("test", Logger.None);
        var actor = system.Spawn("gone", () => new RecordingActor(new RecordingActor.Journal()));
        await system.StopAsync(actor, ShutdownMode.Drain, Timeout);

        var error = await Assert.ThrowsAsync<ActorStoppedException>(() => actor.AskAsync<object>("hello?", Timeout));

        Assert.Equal("gone", error.ActorName);
    }
}
