using Microsoft.Data.Sqlite;

namespace RaRlhf.Actors.Persistence.Sqlite;

/// <summary>
/// One SQLite file (WAL mode, <c>synchronous=FULL</c>: a committed transaction survives a process kill and a power
/// loss) shared by the journal and the snapshot store. One connection, used by one operation at a time; other
/// processes opening the same file serialize their writes through SQLite's lock (busy timeout 5 s).
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The database's file name inside a run directory.</summary>
    public const string DefaultFileName = "persistence.db";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private SqliteDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens or creates the database file, enabling WAL and migrating the schema.</summary>
    public static SqliteDatabase Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            var mode = SqliteSchema.Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"persistence database {full}: cannot enable WAL (got '{mode}')");
            }

            SqliteSchema.Scalar(connection, "PRAGMA synchronous = FULL");
            SqliteSchema.Scalar(connection, "PRAGMA busy_timeout = 5000");
            SqliteSchema.Migrate(connection, full);
            return new SqliteDatabase(full, connection);
        }
        catch (SqliteException error)
        {
            connection.Dispose();
            throw new StoreCorruptedException(
                $"persistence database {full} cannot be opened: {error.Message} (is it a SQLite file?)", error);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens <see cref="DefaultFileName"/> in a run directory.</summary>
    public static SqliteDatabase OpenInRunDirectory(string runDirectory) =>
        Open(System.IO.Path.Combine(runDirectory, DefaultFileName));

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="work"/> alone on the connection, inside a transaction when asked.</summary>
    internal async Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction?, T> work, bool transactional,
        CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!transactional) return work(_connection, null);
            using var transaction = _connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE
            var result = work(_connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
