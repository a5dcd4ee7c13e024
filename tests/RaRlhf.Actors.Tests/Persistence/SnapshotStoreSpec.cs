using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>The contract every <see cref="ISnapshotStore"/> must meet; subclasses supply a real store.</summary>
public abstract class SnapshotStoreSpec : IAsyncLifetime
{
    /// <summary>Opens a new handle on the store under test; the same data across calls.</summary>
    protected abstract Task<ISnapshotStore> OpenAsync(PayloadSerializer serializer);

    /// <summary>Closes a handle from <see cref="OpenAsync"/> for real.</summary>
    protected abstract Task CloseAsync(ISnapshotStore store);

    /// <summary>Damages one stored snapshot's payload behind the store's back.</summary>
    protected abstract Task CorruptPayloadAsync(string persistenceId, long sequenceNr);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task LoadLatestAsync_NoSnapshot_ReturnsNull()
    {
        var store = await OpenAsync(TestPayloads.Serializer());

        Assert.Null(await store.LoadLatestAsync(TestPayloads.NewId()));
    }

    [Fact]
    public async Task LoadLatestAsync_SeveralSaved_ReturnsHighestSequenceNrWithMetadata()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await store.SaveAsync(id, 10, new CounterState(10, 10));
        await store.SaveAsync(id, 30, new CounterState(30, 30));
        await store.SaveAsync(id, 20, new CounterState(20, 20));
        var latest = await store.LoadLatestAsync(id);

        Assert.NotNull(latest);
        Assert.Equal(new CounterState(30, 30), latest.Snapshot);
        Assert.Equal(id, latest.Metadata.PersistenceId);
        Assert.Equal(30, latest.Metadata.SequenceNr);
        Assert.Equal("test.counter-state", latest.Metadata.Manifest);
        Assert.InRange(latest.Metadata.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task SaveAsync_SameSequenceNrTwice_KeepsTheLastOne()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();

        await store.SaveAsync(id, 5, new CounterState(1, 1));
        await store.SaveAsync(id, 5, new CounterState(2, 2));

        Assert.Equal(new CounterState(2, 2), (await store.LoadLatestAsync(id))!.Snapshot);
    }

    [Fact]
    public async Task Reopen_AfterClose_LoadsTheLatestSnapshot()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await store.SaveAsync(id, 7, new CounterState(70, 7));
        await CloseAsync(store);

        var reopened = await OpenAsync(TestPayloads.Serializer());
        var latest = await reopened.LoadLatestAsync(id);

        Assert.Equal(new CounterState(70, 7), latest!.Snapshot);
        Assert.Equal(7, latest.Metadata.SequenceNr);
    }

    [Fact]
    public async Task SaveAsync_LargeRawBytes_RoundTripVerbatim()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        var bytes = new byte[6 << 20];
        new Random(11).NextBytes(bytes);

        await store.SaveAsync(id, 1, bytes);
        var latest = await store.LoadLatestAsync(id);

        Assert.Equal(PayloadTypeRegistry.RawBytesManifest, latest!.Metadata.Manifest);
        Assert.Equal(bytes, Assert.IsType<byte[]>(latest.Snapshot));
    }

    [Fact]
    public async Task SaveAsync_EmptyRawBytes_RoundTripsAsEmpty()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();

        await store.SaveAsync(id, 1, Array.Empty<byte>());

        Assert.Empty(Assert.IsType<byte[]>((await store.LoadLatestAsync(id))!.Snapshot));
    }

    [Fact]
    public async Task DeleteUpToAsync_RemovesOlderSnapshotsOnly()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await store.SaveAsync(id, 1, new CounterState(1, 1));
        await store.SaveAsync(id, 2, new CounterState(2, 2));

        await store.DeleteUpToAsync(id, 1);
        var afterFirst = await store.LoadLatestAsync(id);
        await store.DeleteUpToAsync(id, 2);

        Assert.Equal(2, afterFirst!.Metadata.SequenceNr);
        Assert.Null(await store.LoadLatestAsync(id));
    }

    [Fact]
    public async Task LoadLatestAsync_CorruptedPayload_ThrowsStoreCorruptedNamingIdAndNumber()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await store.SaveAsync(id, 4, new CounterState(4, 4));

        await CorruptPayloadAsync(id, 4);
        var error = await Assert.ThrowsAsync<StoreCorruptedException>(() => store.LoadLatestAsync(id));

        Assert.Contains(id, error.Message);
        Assert.Contains("#4", error.Message);
    }

    [Fact]
    public async Task LoadLatestAsync_ManifestUnknownToReader_ThrowsNamingManifest()
    {
        var store = await OpenAsync(TestPayloads.Serializer());
        var id = TestPayloads.NewId();
        await store.SaveAsync(id, 1, new CounterState(1, 1));

        var reader = await OpenAsync(new PayloadSerializer(new PayloadTypeRegistry()));
        var error = await Assert.ThrowsAsync<UnknownManifestException>(() => reader.LoadLatestAsync(id));

        Assert.Equal("test.counter-state", error.Manifest);
    }
}
