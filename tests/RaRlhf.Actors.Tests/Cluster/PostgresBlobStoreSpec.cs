using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Tests.Persistence;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>Runs <see cref="BlobStoreSpec"/> against <see cref="PostgresBlobStore"/>, fresh (empty) schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBlobStoreSpec(PostgresServerFixture server) : BlobStoreSpec
{
    private readonly PostgresSpecSchema _schema = new(server);
    private readonly Dictionary<IBlobStore, PostgresDatabase> _databases = [];

    protected override async Task<IBlobStore> OpenAsync()
    {
        var database = await _schema.OpenAsync();
        var store = new PostgresBlobStore(database);
        _databases[store] = database;
        return store;
    }

    protected override async Task CloseAsync(IBlobStore store) => await _databases[store].DisposeAsync();

    /// <summary>Flips one bit of the byte in the middle of the blob, in the chunk that holds it.</summary>
    protected override Task CorruptAsync(BlobId id) =>
        server.ExecuteAsync($"""
            UPDATE {_schema.Name}.blob_chunks c
            SET data = set_byte(c.data, ((b.length / 2) % {PostgresBlobStore.ChunkBytes})::int,
                get_byte(c.data, ((b.length / 2) % {PostgresBlobStore.ChunkBytes})::int) # 1)
            FROM {_schema.Name}.blobs b
            WHERE b.sha256 = @sha AND c.content_id = b.content_id
              AND c.chunk_index = ((b.length / 2) / {PostgresBlobStore.ChunkBytes})::int
            """, ("sha", id.Sha256));

    public override async Task DisposeAsync() => await _schema.DisposeAsync();
}
