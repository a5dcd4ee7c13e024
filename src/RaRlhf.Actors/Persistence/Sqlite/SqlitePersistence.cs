namespace RaRlhf.Actors.Persistence.Sqlite;

/// <summary>
/// The embedded default stores of a run directory: <c>persistence.db</c> (journal + snapshots) and <c>blobs/</c>.
/// Disposing closes the database.
/// </summary>
public sealed class SqlitePersistence : IAsyncDisposable
{
    private readonly SqliteDatabase _database;

    private SqlitePersistence(SqliteDatabase database, PayloadSerializer serializer, string runDirectory,
        TimeProvider? clock)
    {
        _database = database;
        Journal = new SqliteEventJournal(database, serializer, clock);
        Snapshots = new SqliteSnapshotStore(database, serializer, clock);
        Blobs = new FileBlobStore(Path.Combine(runDirectory, "blobs"));
    }

    /// <summary>The event journal.</summary>
    public IEventJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore Snapshots { get; }

    /// <summary>The blob store.</summary>
    public IBlobStore Blobs { get; }

    /// <summary>Opens (creating) the stores in <paramref name="runDirectory"/>.</summary>
    public static SqlitePersistence Open(string runDirectory, PayloadSerializer serializer, TimeProvider? clock = null) =>
        new(SqliteDatabase.OpenInRunDirectory(runDirectory), serializer, runDirectory, clock);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
