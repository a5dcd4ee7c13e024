using RaRlhf.Actors.Persistence.Postgres;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>A fresh schema of the test server for one spec test: opens handles on it and drops it at the end.</summary>
internal sealed class PostgresSpecSchema(PostgresServerFixture server) : IAsyncDisposable
{
    private readonly List<PostgresDatabase> _open = [];

    public string Name { get; } = PostgresServerFixture.NewSchema();

    public PostgresServerFixture Server => server;

    public async Task<PostgresDatabase> OpenAsync()
    {
        var database = await PostgresDatabase.OpenAsync(server.ConnectionString, Name);
        _open.Add(database);
        return database;
    }

    /// <summary>Flips one bit in the middle of a journal or snapshot row's payload, behind the store's back.</summary>
    public Task CorruptPayloadAsync(string table, string persistenceId, long sequenceNr) =>
        server.ExecuteAsync(
            $"UPDATE {Name}.{table} SET payload = set_byte(payload, length(payload) / 2, " +
            "get_byte(payload, length(payload) / 2) # 1) WHERE persistence_id = @id AND sequence_nr = @seq",
            ("id", persistenceId), ("seq", sequenceNr));

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _open) await database.DisposeAsync();
        await server.ExecuteAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE");
    }
}
