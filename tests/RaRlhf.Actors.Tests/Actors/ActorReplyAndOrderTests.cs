using RaRlhf.Actors.Actors;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Actors;

public sealed class ActorReplyAndOrderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AskAsync_ReplyKeptAndCompletedLater_AnswersEveryAskerWhileActorKeepsWorking()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var actor = system.Spawn("deferred", () => new DeferredReplyActor());

        var first = actor.AskAsync<int>("wait", Timeout);
        var second = actor.AskAsync<int>("wait", Timeout);
        await Task.Delay(30);
        Assert.False(first.IsCompleted);
        await actor.TellAsync("release");

        var answers = await Task.WhenAll(first, second);
        Assert.Equal([0, 1], answers);
    }

    [Fact]
    public async Task ShutdownAsync_Drain_StopsLatestSpawnedFirstSoItsOutputStillReachesEarlierStages()
    {
        var system = new ActorSystem("test", Logger.None);
        var sinkJournal = new RecordingActor.Journal();
        var sourceJournal = new RecordingActor.Journal();
        system.Spawn("sink", () => new ChainActor(null, sinkJournal));
        var source = system.Spawn("source", () => new ChainActor("sink", sourceJournal, TimeSpan.FromMilliseconds(2)));
        foreach (var i in Enumerable.Range(0, 50)) await source.TellAsync(i);
        Assert.True(sourceJournal.Handled.Count < 50, "the source must still have work queued when shutdown starts");

        var report = await system.ShutdownAsync(ShutdownMode.Drain, Timeout);

        Assert.Equal(0, report.UndeliveredCount);
        Assert.Equal(0, system.DeadLetterCount);
        Assert.Equal(Enumerable.Range(0, 50).Cast<object>(), sinkJournal.Handled);
    }
}
