using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;
using Serilog.Core;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>
/// Kills a real child process (SIGKILL) at seeded random moments while it persists, then checks what survived:
/// no torn append, contiguous sequence numbers, every reported commit present, exact recovery.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 4;
    private readonly TempDirectory _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Journal_ChildKilledAtRandomPoints_ReopensContiguousWithEveryCommittedEvent()
    {
        var random = new Random(20261201);
        long lastReported = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var killAfter = TimeSpan.FromMilliseconds(random.Next(20, 400));
            var committed = await ChildProcess.RunAndKillAsync(CrashChild.CounterMode, _run.Path, killAfter);
            lastReported = committed is null ? lastReported : long.Parse(committed);

            var highest = await VerifyJournalAsync();
            output.WriteLine($"round {round}: killed after {killAfter.TotalMilliseconds} ms, " +
                $"last reported commit {lastReported}, journal highest {highest}");
            Assert.InRange(highest, lastReported, lastReported + 2); // at most the one append in flight
        }

        await using var stores = SqlitePersistence.Open(_run.Path, TestPayloads.Serializer());
        var final = await stores.Journal.ReadHighestSequenceNrAsync(CrashChild.CounterId);
        var snapshot = await stores.Snapshots.LoadLatestAsync(CrashChild.CounterId);
        Assert.NotNull(snapshot);
        Assert.InRange(snapshot.Metadata.SequenceNr, 1, final);
        var counterEvents = snapshot.Metadata.SequenceNr / 2; // the odd numbers 1, 3, … sum to a square
        Assert.Equal(new CounterState(counterEvents * counterEvents, (int)counterEvents), snapshot.Snapshot);

        await using var system = new ActorSystem("verify", Logger.None);
        var counter = system.Spawn("counter",
            () => new CounterActor(CrashChild.CounterId, stores.Journal, stores.Snapshots, CrashChild.SnapshotEvery));
        var recovered = await counter.AskAsync<CounterReport>(new GetCount(), TimeSpan.FromSeconds(10));
        Assert.Equal(final / 2 * (final / 2), recovered.Total);
        Assert.Equal(final, recovered.LastSequenceNr);
        Assert.Equal(snapshot.Metadata.SequenceNr, recovered.RecoveredFromSnapshot);
    }

    [Fact]
    public async Task BlobStore_ChildKilledDuringPuts_EveryListedBlobVerifiesAndReportedOnesExist()
    {
        var random = new Random(4242);
        var blobs = Path.Combine(_run.Path, "blobs");
        var reported = new List<BlobId>();
        for (var round = 1; round <= 2; round++)
        {
            var committed = await ChildProcess.RunAndKillAsync(CrashChild.BlobMode, blobs,
                TimeSpan.FromMilliseconds(random.Next(20, 300)));
            if (committed is not null) reported.Add(BlobId.Parse(committed));
        }

        var store = new FileBlobStore(blobs);
        var listed = await store.ListAsync();
        output.WriteLine($"{listed.Count} blobs survived, {reported.Count} reported");
        Assert.Subset(listed.ToHashSet(), reported.ToHashSet());
        foreach (var id in listed) Assert.Equal(id, BlobId.Of(await store.GetAsync(id)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(blobs, ".incoming")));
    }

    /// <summary>
    /// Reads the whole journal: numbers 1..H contiguous, H even (appends are two events), odd number k increments by k
    /// and even numbers carry the note for their number. Returns H.
    /// </summary>
    private async Task<long> VerifyJournalAsync()
    {
        await using var stores = SqlitePersistence.Open(_run.Path, TestPayloads.Serializer());
        var events = await stores.Journal.ReadAsync(CrashChild.CounterId, 1);
        for (var i = 0; i < events.Count; i++)
        {
            var seq = i + 1L;
            Assert.Equal(seq, events[i].SequenceNr);
            if (seq % 2 == 1) Assert.Equal(new CounterIncremented((int)seq), events[i].Event);
            else Assert.Equal(CounterActor.NoteFor(seq, CrashChild.NoteBytes), Assert.IsType<NoteWritten>(events[i].Event).Text);
        }

        Assert.True(events.Count % 2 == 0, $"torn append: {events.Count} events");
        Assert.Equal(events.Count, await stores.Journal.ReadHighestSequenceNrAsync(CrashChild.CounterId));
        return events.Count;
    }
}
