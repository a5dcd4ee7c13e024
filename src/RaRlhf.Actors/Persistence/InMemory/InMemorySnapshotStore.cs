namespace RaRlhf.Actors.Persistence.InMemory;

/// <summary>
/// A snapshot store in memory (tests, runs without resume); payloads serialized as in the durable stores.
/// Stores built on the same <see cref="InMemorySnapshotData"/> share their snapshots.
/// </summary>
public sealed class InMemorySnapshotStore(PayloadSerializer serializer, InMemorySnapshotData? data = null,
    TimeProvider? clock = null) : ISnapshotStore
{
    private readonly InMemorySnapshotData _data = data ?? new InMemorySnapshotData();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The storage (share it to "reopen" the store).</summary>
    public InMemorySnapshotData Data => _data;

    /// <inheritdoc />
    public Task SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var stored = StoredPayload.Of(sequenceNr, serializer.Serialize(snapshot), _clock.GetUtcNow());
        lock (_data) _data.Of(persistenceId)[sequenceNr] = stored;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SelectedSnapshot?> LoadLatestAsync(string persistenceId, CancellationToken cancellation = default)
    {
        StoredPayload latest;
        lock (_data)
        {
            var snapshots = _data.Of(persistenceId);
            if (snapshots.Count == 0) return Task.FromResult<SelectedSnapshot?>(null);
            latest = snapshots.Values[^1];
        }

        var snapshot = latest.Decode(serializer, $"in-memory snapshot store, '{persistenceId}' #{latest.SequenceNr}");
        var metadata = new SnapshotMetadata(persistenceId, latest.SequenceNr, latest.Timestamp, latest.Manifest);
        return Task.FromResult<SelectedSnapshot?>(new SelectedSnapshot(metadata, snapshot));
    }

    /// <inheritdoc />
    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default)
    {
        lock (_data)
        {
            var snapshots = _data.Of(persistenceId);
            while (snapshots.Count > 0 && snapshots.Keys[0] <= toSequenceNr) snapshots.RemoveAt(0);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
