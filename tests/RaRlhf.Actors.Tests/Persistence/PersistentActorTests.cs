using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Persistence;

public sealed class PersistentActorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _run = new();

    public void Dispose() => _run.Dispose();

    private static ActorOptions Options(int maxFailures = 5) => new()
    {
        Supervision = new SupervisorStrategy { MinBackoff = TimeSpan.FromMilliseconds(1), MaxFailures = maxFailures },
    };

    private static async Task<CounterReport> WithCounterAsync(string runDirectory, int snapshotEvery,
        Func<ActorRef, IEventJournal, Task<CounterReport>> body)
    {
        await using var stores = SqlitePersistence.Open(runDirectory, TestPayloads.Serializer());
        await using var system = new ActorSystem("test", Logger.None);
        var counter = system.Spawn("counter",
            () => new CounterActor("counter-1", stores.Journal, stores.Snapshots, snapshotEvery), Options());
        var report = await body(counter, stores.Journal);
        await system.ShutdownAsync(ShutdownMode.Drain, Timeout);
        return report;
    }

    [Fact]
    public async Task Recovery_AfterReopeningDatabase_RestoresExactStateFromSnapshotAndEvents()
    {
        var expected = Enumerable.Range(1, 13).Sum();

        var before = await WithCounterAsync(_run.Path, 5, async (counter, _) =>
        {
            foreach (var by in Enumerable.Range(1, 13)) await counter.TellAsync(new Increment(by));
            return await counter.AskAsync<CounterReport>(new GetCount(), Timeout);
        });
        var after = await WithCounterAsync(_run.Path, 5,
            (counter, _) => counter.AskAsync<CounterReport>(new GetCount(), Timeout));

        Assert.Equal(new CounterReport(expected, 13, 0, 13, 0), before);
        Assert.Equal(new CounterReport(expected, 13, 0, 13, RecoveredFromSnapshot: 10), after);
    }

    [Fact]
    public async Task Restart_AfterFailureFollowingPersist_KeepsPersistedEventExactlyOnce()
    {
        var options = new ActorOptions
        {
            Supervision = SupervisorStrategy.Default with { MinBackoff = TimeSpan.Zero, RedeliverInFlight = false },
        };
        await using var stores = SqlitePersistence.Open(_run.Path, TestPayloads.Serializer());
        await using var system = new ActorSystem("test", Logger.None);
        var counter = system.Spawn("counter", () => new CounterActor("c", stores.Journal, stores.Snapshots, 0), options);

        await counter.TellAsync(new Increment(2));
        await counter.TellAsync(new IncrementThenCrash(3));
        var report = await counter.AskAsync<CounterReport>(new GetCount(), Timeout);

        Assert.Equal(new CounterReport(5, 2, 0, 2, 0), report);
    }

    [Fact]
    public async Task Persist_ForeignWriterAppendedMeanwhile_ConflictRestartsAndRedeliveryCountsBoth()
    {
        var report = await WithCounterAsync(_run.Path, 0, async (counter, journal) =>
        {
            await counter.AskAsync<CounterReport>(new Increment(1), Timeout);
            await journal.AppendAsync("counter-1", 1, [new CounterIncremented(100)]); // a stale twin writes
            return await counter.AskAsync<CounterReport>(new Increment(10), Timeout);
        });

        Assert.Equal(new CounterReport(111, 3, 0, 3, 0), report);
    }

    [Fact]
    public async Task Recovery_EventsDeletedWithoutSnapshot_EscalatesNamingTheGap()
    {
        await WithCounterAsync(_run.Path, 0, async (counter, journal) =>
        {
            foreach (var by in Enumerable.Range(1, 4)) await counter.TellAsync(new Increment(by));
            var report = await counter.AskAsync<CounterReport>(new GetCount(), Timeout);
            await journal.DeleteUpToAsync("counter-1", 2);
            return report;
        });

        await using var stores = SqlitePersistence.Open(_run.Path, TestPayloads.Serializer());
        var system = new ActorSystem("test", Logger.None);
        system.Spawn("counter", () => new CounterActor("counter-1", stores.Journal, stores.Snapshots, 0), Options(0));
        var error = await Assert.ThrowsAsync<ActorEscalationException>(() => system.WhenTerminated.WaitAsync(Timeout));

        var cause = Assert.IsType<StoreCorruptedException>(error.InnerException);
        Assert.Contains("events 1..2 are missing", cause.Message);
        Assert.Contains("'counter-1'", cause.Message);
    }

    [Fact]
    public async Task Persist_SnapshotSaveFails_CommandSucceedsOnceAndEventsStayExact()
    {
        var snapshots = new FailingSnapshotStore();
        var journal = new RaRlhf.Actors.Persistence.InMemory.InMemoryEventJournal(TestPayloads.Serializer());
        await using var system = new ActorSystem("test", Logger.None);
        var counter = system.Spawn("counter", () => new CounterActor("c", journal, snapshots, 2), Options());

        foreach (var by in Enumerable.Range(1, 5)) await counter.AskAsync<CounterReport>(new Increment(by), Timeout);
        var report = await counter.AskAsync<CounterReport>(new GetCount(), Timeout);

        Assert.Equal(new CounterReport(15, 5, 0, 5, 0), report);
        Assert.Equal(4, snapshots.SaveAttempts); // due at 2, 3, 4, 5: a failed snapshot is retried on the next event
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("c"));
    }
}
