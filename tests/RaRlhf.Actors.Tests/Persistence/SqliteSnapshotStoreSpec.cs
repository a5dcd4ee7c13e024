using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Runs <see cref="SnapshotStoreSpec"/> against <see cref="SqliteSnapshotStore"/> on a real file.</summary>
public sealed class SqliteSnapshotStoreSpec : SnapshotStoreSpec
{
    private readonly SqliteStoreFixture _fixture = new();
    private readonly Dictionary<ISnapshotStore, SqliteDatabase> _databases = [];

    protected override Task<ISnapshotStore> OpenAsync(PayloadSerializer serializer)
    {
        var database = _fixture.Open();
        var store = new SqliteSnapshotStore(database, serializer);
        _databases[store] = database;
        return Task.FromResult<ISnapshotStore>(store);
    }

    protected override Task CloseAsync(ISnapshotStore store)
    {
        _databases[store].Dispose();
        return Task.CompletedTask;
    }

    protected override Task CorruptPayloadAsync(string persistenceId, long sequenceNr)
    {
        _fixture.CorruptPayload("snapshots", persistenceId, sequenceNr);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }
}
