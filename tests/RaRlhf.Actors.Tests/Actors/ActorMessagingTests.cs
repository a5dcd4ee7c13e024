using RaRlhf.Actors.Actors;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Actors;

public sealed class ActorMessagingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TellAsync_ManyMessages_HandledOneAtATimeInOrder()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var journal = new RecordingActor.Journal();
        var actor = system.Spawn("recorder", () => new RecordingActor(journal), new ActorOptions { MailboxCapacity = 4 });

        var senders = Enumerable.Range(0, 200).Select(i => i).ToArray();
        foreach (var i in senders) await actor.TellAsync(i);
        await actor.AskAsync<object>("last", Timeout);

        Assert.Equal(1, journal.MaxConcurrency);
        Assert.Equal([.. senders.Cast<object>(), "last"], journal.Handled);
    }

    [Fact]
    public async Task TellAsync_MailboxFull_WaitsUntilCapacityFrees()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var journal = new RecordingActor.Journal { Gate = new TaskCompletionSource() };
        var actor = system.Spawn("slow", () => new RecordingActor(journal), new ActorOptions { MailboxCapacity = 2 });

        await actor.TellAsync(0);
        await journal.Entered.Task.WaitAsync(Timeout); // message 0 is in flight, the mailbox is empty
        await actor.TellAsync(1);
        await actor.TellAsync(2);
        var blocked = actor.TellAsync(3).AsTask();
        await Task.Delay(50);

        Assert.False(blocked.IsCompleted, "a Tell into a full mailbox must wait");
        Assert.False(actor.TryTell(4), "TryTell must report a full mailbox");
        journal.Gate.SetResult();
        await blocked.WaitAsync(Timeout);
        await actor.AskAsync<object>("sync", Timeout);
        Assert.Equal([0, 1, 2, 3, "sync"], journal.Handled);
    }

    [Fact]
    public async Task AskAsync_ActorResponds_ReturnsTypedResponse()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var actor = system.Spawn("echo", () => new RecordingActor(new RecordingActor.Journal()));

        var answer = await actor.AskAsync<string>("hello", Timeout);

        Assert.Equal("hello", answer);
    }

    [Fact]
    public async Task AskAsync_NoAnswerInTime_ThrowsAskTimeoutNamingActor()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var journal = new RecordingActor.Journal { Gate = new TaskCompletionSource() };
        var actor = system.Spawn("stuck", () => new RecordingActor(journal));

        var error = await Assert.ThrowsAsync<AskTimeoutException>(
            () => actor.AskAsync<object>("question", TimeSpan.FromMilliseconds(80)));

        journal.Gate.SetResult();
        Assert.Equal("stuck", error.ActorName);
        Assert.Contains("'stuck'", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public async Task AskAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var journal = new RecordingActor.Journal { Gate = new TaskCompletionSource() };
        var actor = system.Spawn("stuck", () => new RecordingActor(journal));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => actor.AskAsync<object>("question", Timeout, cancel.Token));
        journal.Gate.SetResult();
    }

    [Fact]
    public async Task AskAsync_UnexpectedResponseType_ThrowsInvalidCastNamingTypes()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var actor = system.Spawn("echo", () => new RecordingActor(new RecordingActor.Journal()));

        var error = await Assert.ThrowsAsync<InvalidCastException>(() => actor.AskAsync<int>("text", Timeout));

        Assert.Contains("String", error.Message);
        Assert.Contains("Int32", error.Message);
    }

    [Fact]
    public void Spawn_DuplicateName_ThrowsNamingIt()
    {
        var system = new ActorSystem("test", Logger.None);
        system.Spawn("twin", () => new RecordingActor(new RecordingActor.Journal()));

        var error = Assert.Throws<ArgumentException>(
            () => system.Spawn("twin", () => new RecordingActor(new RecordingActor.Journal())));

        Assert.Contains("'twin'", error.Message);
        Assert.Same(system.Lookup("twin"), system.Lookup("twin"));
        Assert.Null(system.Lookup("nobody"));
    }

    [Fact]
    public void Spawn_InvalidOptions_ThrowsNamingSetting()
    {
        var system = new ActorSystem("test", Logger.None);

        var error = Assert.Throws<ArgumentException>(() => system.Spawn("a",
            () => new RecordingActor(new RecordingActor.Journal()), new ActorOptions { MailboxCapacity = 0 }));

        Assert.Contains("MailboxCapacity", error.Message);
    }
}
