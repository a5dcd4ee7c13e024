using Npgsql;

namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>
/// The tables, created idempotently under a transaction-scoped advisory lock (so nodes starting together do not
/// race), versioned in <c>schema_version</c>; a schema written by a newer build is refused instead of misread.
/// </summary>
internal static class PostgresSchema
{
    public const int CurrentVersion = 1;

    private static string[] Statements(string s) =>
    [
        $"CREATE SCHEMA IF NOT EXISTS {s}",
        $"CREATE TABLE IF NOT EXISTS {s}.schema_version (version integer NOT NULL)",
        $"""
        CREATE TABLE IF NOT EXISTS {s}.journal (
            persistence_id text NOT NULL,
            sequence_nr bigint NOT NULL,
            manifest text NOT NULL,
            payload bytea NOT NULL,
            checksum bytea NOT NULL,
            written_at_ms bigint NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {s}.journal_head (
            persistence_id text NOT NULL PRIMARY KEY,
            highest_sequence_nr bigint NOT NULL)
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {s}.snapshots (
            persistence_id text NOT NULL,
            sequence_nr bigint NOT NULL,
            manifest text NOT NULL,
            payload bytea NOT NULL,
            checksum bytea NOT NULL,
            written_at_ms bigint NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {s}.blob_chunks (
            content_id uuid NOT NULL,
            chunk_index integer NOT NULL,
            data bytea NOT NULL,
            PRIMARY KEY (content_id, chunk_index))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {s}.blobs (
            sha256 text COLLATE "C" NOT NULL PRIMARY KEY,
            content_id uuid NOT NULL,
            length bigint NOT NULL,
            chunk_count integer NOT NULL,
            written_at_ms bigint NOT NULL)
        """,
    ];

    public static async Task CreateAsync(NpgsqlDataSource dataSource, string schema, string location,
        CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@schema))", connection, transaction))
        {
            lockSchema.Parameters.AddWithValue("schema", schema);
            await lockSchema.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        foreach (var statement in Statements(schema))
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        await using var read = new NpgsqlCommand($"SELECT max(version) FROM {schema}.schema_version", connection, transaction);
        var version = await read.ExecuteScalarAsync(cancellation).ConfigureAwait(false) is int stored ? stored : 0;
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"{location} has schema version {version}; this build understands up to {CurrentVersion}. " +
                "Use a newer build or another schema.");
        }

        if (version < CurrentVersion)
        {
            await using var write = new NpgsqlCommand(
                $"INSERT INTO {schema}.schema_version (version) VALUES ({CurrentVersion})", connection, transaction);
            await write.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }
}
