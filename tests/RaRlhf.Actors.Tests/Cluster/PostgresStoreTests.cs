using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Postgres;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>What the PostgreSQL stores add beyond the shared specs: concurrent schema creation, chunking, redaction.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly PostgresSpecSchema _schema = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task OpenAsync_ManyNodesAtOnceOnANewSchema_AllSucceedWithOneVersionRow()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _schema.OpenAsync()));

        Assert.Equal(6, opened.Length);
        await server.ExecuteAsync($"""
            DO $$ BEGIN
              IF (SELECT count(*) FROM {_schema.Name}.schema_version) <> 1 THEN RAISE EXCEPTION 'version rows'; END IF;
            END $$
            """);
    }

    [Fact]
    public async Task Location_ConnectionStringWithPassword_NamesServerButNotPassword()
    {
        var database = await PostgresDatabase.OpenAsync(server.ConnectionString + ";Password=not-for-logs", _schema.Name);
        await using var _ = database;

        Assert.Contains($"127.0.0.1:{server.Port}/rarlhf_test", database.Location);
        Assert.Contains(_schema.Name, database.Location);
        Assert.DoesNotContain("not-for-logs", database.Location);
    }

    [Fact]
    public async Task OpenAsync_SchemaNameWithQuote_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => PostgresDatabase.OpenAsync(server.ConnectionString, "x; DROP SCHEMA public"));

        Assert.Contains("'x; DROP SCHEMA public'", error.Message);
    }

    [Fact]
    public async Task GetAsync_DamageInALaterChunk_ThrowsBlobCorrupted()
    {
        var store = new PostgresBlobStore(await _schema.OpenAsync());
        var content = new byte[PostgresBlobStore.ChunkBytes * 2 + 12_345]; // three chunks, the last one partial
        new Random(3).NextBytes(content);
        var id = await store.PutAsync(content);
        Assert.Equal(content, await store.GetAsync(id));

        await server.ExecuteAsync(
            $"UPDATE {_schema.Name}.blob_chunks SET data = set_byte(data, 17, get_byte(data, 17) # 128) WHERE chunk_index = 2");

        var error = await Assert.ThrowsAsync<BlobCorruptedException>(() => store.GetAsync(id));
        Assert.Equal(id, error.Id);
    }
}
