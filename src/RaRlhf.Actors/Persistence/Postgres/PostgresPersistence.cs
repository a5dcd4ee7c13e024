namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>
/// The cluster stores: journal, snapshots and blobs in one schema of a PostgreSQL database, shared by every node.
/// Disposing closes the connection pool.
/// </summary>
public sealed class PostgresPersistence : IAsyncDisposable
{
    private PostgresPersistence(PostgresDatabase database, PayloadSerializer serializer, TimeProvider? clock)
    {
        Database = database;
        Journal = new PostgresEventJournal(database, serializer, clock);
        Snapshots = new PostgresSnapshotStore(database, serializer, clock);
        Blobs = new PostgresBlobStore(database, clock);
    }

    /// <summary>The database the stores live in.</summary>
    public PostgresDatabase Database { get; }

    /// <summary>The event journal.</summary>
    public IEventJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore Snapshots { get; }

    /// <summary>The blob store.</summary>
    public IBlobStore Blobs { get; }

    /// <summary>Connects and creates the schema's tables if missing.</summary>
    public static async Task<PostgresPersistence> OpenAsync(string connectionString, PayloadSerializer serializer,
        string schema = "rarlhf", TimeProvider? clock = null, CancellationToken cancellation = default) =>
        new(await PostgresDatabase.OpenAsync(connectionString, schema, cancellation).ConfigureAwait(false), serializer, clock);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
