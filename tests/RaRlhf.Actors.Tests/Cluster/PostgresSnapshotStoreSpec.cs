using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Tests.Persistence;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>Runs <see cref="SnapshotStoreSpec"/> against <see cref="PostgresSnapshotStore"/>, fresh schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSnapshotStoreSpec(PostgresServerFixture server) : SnapshotStoreSpec
{
    private readonly PostgresSpecSchema _schema = new(server);
    private readonly Dictionary<ISnapshotStore, PostgresDatabase> _databases = [];

    protected override async Task<ISnapshotStore> OpenAsync(PayloadSerializer serializer)
    {
        var database = await _schema.OpenAsync();
        var store = new PostgresSnapshotStore(database, serializer);
        _databases[store] = database;
        return store;
    }

    protected override async Task CloseAsync(ISnapshotStore store) => await _databases[store].DisposeAsync();

    protected override Task CorruptPayloadAsync(string persistenceId, long sequenceNr) =>
        _schema.CorruptPayloadAsync("snapshots", persistenceId, sequenceNr);

    public override async Task DisposeAsync() => await _schema.DisposeAsync();
}
