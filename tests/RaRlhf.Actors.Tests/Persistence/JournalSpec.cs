using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>
/// The contract every <see cref="IEventJournal"/> must meet (Akka persistence TCK style): subclass it, supply a real
/// store, and every test here runs against it. Tests use fresh persistence ids, so a shared server is fine.
/// </summary>
public abstract class JournalSpec : IAsyncLifetime
{
    /// <summary>Opens a new handle (connection) on the store under test; the same data across calls.</summary>
    protected abstract Task<IEventJournal> OpenAsync(PayloadSerializer serializer);

    /// <summary>Closes a handle from <see cref="OpenAsync"/> for real (the reopen tests depend on it).</summary>
    protected abstract Task CloseAsync(IEventJournal journal);

    /// <summary>Damages the stored payload of one event behind the journal's back.</summary>
    protected abstract Task CorruptPayloadAsync(string persistenceId, long sequenceNr);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AppendAsync_ThenRead_ReturnsEventsInOrderNumberedFromOne()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();

        var first = await journal.AppendAsync(id, 0, [new CounterIncremented(1), new CounterIncremented(2)]);
        var second = await journal.AppendAsync(id, first, [new NoteWritten("three")]);
        var events = await journal.ReadAsync(id, 1);

        Assert.Equal(2, first);
        Assert.Equal(3, second);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.SequenceNr));
        Assert.Equal([new CounterIncremented(1), new CounterIncremented(2), (object)new NoteWritten("three")],
            events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(id, e.PersistenceId));
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync(id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task AppendAsync_WrongExpectedSequenceNr_ThrowsConflictAndWritesNothing(long expected)
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await journal.AppendAsync(id, 0, [new CounterIncremented(1), new CounterIncremented(2)]);

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => journal.AppendAsync(id, expected, [new CounterIncremented(99)]));

        Assert.Equal(id, error.PersistenceId);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(2, error.Actual);
        Assert.Contains(id, error.Message);
        Assert.Equal(2, (await journal.ReadAsync(id, 1)).Count);
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync(id));
    }

    [Fact]
    public async Task AppendAsync_TwoHandlesRaceOnSameExpected_ExactlyOneWins()
    {
        var left = await OpenAsync(TestPayloads.Serializer());
        var right = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await (i % 2 == 0 ? left : right).AppendAsync(id, 0, [new CounterIncremented(i), new CounterIncremented(i)]);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(won => won));
        var events = await left.ReadAsync(id, 1);
        Assert.Equal([1L, 2L], events.Select(e => e.SequenceNr));
        Assert.Equal(events[0].Event, events[1].Event); // both rows from the same winning append
    }

    [Fact]
    public async Task ReadAsync_RangeAndMax_ReturnsOnlyThatSlice()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await journal.AppendAsync(id, 0, Enumerable.Range(1, 10).Select(i => (object)new CounterIncremented(i)).ToList());

        var slice = await journal.ReadAsync(id, 3, 7);
        var page = await journal.ReadAsync(id, 4, max: 2);
        var beyond = await journal.ReadAsync(id, 11);

        Assert.Equal([3L, 4L, 5L, 6L, 7L], slice.Select(e => e.SequenceNr));
        Assert.Equal([4L, 5L], page.Select(e => e.SequenceNr));
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task AppendAsync_TwoPersistenceIds_AreIndependent()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var a = TestPayloads.NewId();
        var b = TestPayloads.NewId();

        await journal.AppendAsync(a, 0, [new CounterIncremented(1)]);
        await journal.AppendAsync(b, 0, [new CounterIncremented(2), new CounterIncremented(3)]);

        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync(a));
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync(b));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync(TestPayloads.NewId()));
        Assert.Equal([new CounterIncremented(1)], (await journal.ReadAsync(a, 1)).Select(e => e.Event));
    }

    [Fact]
    public async Task Reopen_AfterClose_RecoversEveryEventAndTheHighestNumber()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await journal.AppendAsync(id, 0, [new CounterIncremented(5), new NoteWritten("kept")]);
        await CloseAsync(journal);

        var reopened = await OpenAsync(TestPayloads.Serializer());
        var events = await reopened.ReadAsync(id, 1);
        var next = await reopened.AppendAsync(id, 2, [new CounterIncremented(6)]);

        Assert.Equal([new CounterIncremented(5), (object)new NoteWritten("kept")], events.Select(e => e.Event));
        Assert.Equal(3, next);
    }

    [Fact]
    public async Task DeleteUpToAsync_RemovesPrefixButKeepsHighestSequenceNr()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await journal.AppendAsync(id, 0, Enumerable.Range(1, 5).Select(i => (object)new CounterIncremented(i)).ToList());

        await journal.DeleteUpToAsync(id, 3);
        var left = await journal.ReadAsync(id, 1);
        await journal.DeleteUpToAsync(id, 5);

        Assert.Equal([4L, 5L], left.Select(e => e.SequenceNr));
        Assert.Empty(await journal.ReadAsync(id, 1));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync(id));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => journal.AppendAsync(id, 0, [new CounterIncremented(1)]));
        Assert.Equal(6, await journal.AppendAsync(id, 5, [new CounterIncremented(6)]));
    }

    [Fact]
    public async Task AppendAsync_LargePayload_RoundTripsExactly()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        var random = new Random(7);
        var text = new string(Enumerable.Range(0, 3_000_000).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());

        await journal.AppendAsync(id, 0, [new NoteWritten(text)]);
        var read = await journal.ReadAsync(id, 1);

        Assert.Equal(text, Assert.IsType<NoteWritten>(Assert.Single(read).Event).Text);
    }

    [Fact]
    public async Task ReadAsync_CorruptedPayload_ThrowsStoreCorruptedNamingIdAndNumber()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await journal.AppendAsync(id, 0, [new CounterIncremented(1), new CounterIncremented(2)]);

        await CorruptPayloadAsync(id, 2);
        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => journal.ReadAsync(id, 1));

        Assert.Contains(id, error.Message);
        Assert.Contains("#2", error.Message);
        Assert.Single(await journal.ReadAsync(id, 1, 1));
    }

    [Fact]
    public async Task ReadAsync_ManifestUnknownToReader_ThrowsNamingManifest()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await journal.AppendAsync(id, 0, [new NoteWritten("from a newer build")]);

        var reader = await OpenAsync(new PayloadSerializer(new PayloadTypeRegistry()
            .Register<CounterIncremented>("test.counter-incremented")));
        var error = await Assert.ThrowsAsync<UnknownManifestException>(() => reader.ReadAsync(id, 1));

        Assert.Equal("test.note-written", error.Manifest);
        Assert.Contains("'test.note-written'", error.Message);
    }

    [Fact]
    public async Task AppendAsync_UnregisteredType_ThrowsNamingTypeAndWritesNothing()
    {
        var journal = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => journal.AppendAsync(id, 0, [new CounterIncremented(1), new Uri("https://example.org")]));

        Assert.Contains("System.Uri", error.Message);
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync(id));
    }
}
