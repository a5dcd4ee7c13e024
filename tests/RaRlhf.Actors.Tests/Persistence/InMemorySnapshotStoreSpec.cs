using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.InMemory;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Runs <see cref="SnapshotStoreSpec"/> against <see cref="InMemorySnapshotStore"/>; reopening shares the data.</summary>
public sealed class InMemorySnapshotStoreSpec : SnapshotStoreSpec
{
    private readonly InMemorySnapshotData _data = new();

    protected override Task<ISnapshotStore> OpenAsync(PayloadSerializer serializer) =>
        Task.FromResult<ISnapshotStore>(new InMemorySnapshotStore(serializer, _data));

    protected override Task CloseAsync(ISnapshotStore store) => store.DisposeAsync().AsTask();

    protected override Task CorruptPayloadAsync(string persistenceId, long sequenceNr)
    {
        lock (_data)
        {
            var stored = _data.Of(persistenceId)[sequenceNr];
            stored.Bytes[stored.Bytes.Length / 2] ^= 0x01;
        }

        return Task.CompletedTask;
    }
}
