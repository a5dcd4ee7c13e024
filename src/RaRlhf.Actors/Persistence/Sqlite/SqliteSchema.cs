using Microsoft.Data.Sqlite;

namespace RaRlhf.Actors.Persistence.Sqlite;

/// <summary>
/// The database layout, versioned by <c>PRAGMA user_version</c>. Migrations run in one transaction; a database
/// written by a newer build is refused instead of being misread.
/// </summary>
internal static class SqliteSchema
{
    public const int CurrentVersion = 1;

    private static readonly string[] Version1 =
    [
        """
        CREATE TABLE journal (
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            manifest TEXT NOT NULL,
            payload BLOB NOT NULL,
            checksum BLOB NOT NULL,
            written_at_ms INTEGER NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr))
        """,
        """
        CREATE TABLE journal_head (
            persistence_id TEXT NOT NULL PRIMARY KEY,
            highest_sequence_nr INTEGER NOT NULL)
        """,
        """
        CREATE TABLE snapshots (
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            manifest TEXT NOT NULL,
            payload BLOB NOT NULL,
            checksum BLOB NOT NULL,
            written_at_ms INTEGER NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr))
        """,
    ];

    public static void Migrate(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"));
        if (version == CurrentVersion) return;
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"persistence database {path} has schema version {version}; this build understands up to " +
                $"{CurrentVersion}. Use a newer build or a new run directory.");
        }

        using var transaction = connection.BeginTransaction();
        foreach (var statement in Version1)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }

        using (var bump = connection.CreateCommand())
        {
            bump.Transaction = transaction;
            bump.CommandText = $"PRAGMA user_version = {CurrentVersion}";
            bump.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
