using System.Security.Cryptography;
using Npgsql;

namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>The snapshot store in a <see cref="PostgresDatabase"/>; each row carries its payload's SHA-256.</summary>
public sealed class PostgresSnapshotStore(PostgresDatabase database, PayloadSerializer serializer, TimeProvider? clock = null)
    : ISnapshotStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task SaveAsync(string persistenceId, long sequenceNr, object snapshot,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var payload = serializer.Serialize(snapshot);
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO {database.Table("snapshots")} (persistence_id, sequence_nr, manifest, payload, checksum, written_at_ms)
            VALUES (@id, @seq, @manifest, @payload, @checksum, @at)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET manifest = excluded.manifest,
                payload = excluded.payload, checksum = excluded.checksum, written_at_ms = excluded.written_at_ms
            """, connection);
        upsert.Parameters.AddWithValue("id", persistenceId);
        upsert.Parameters.AddWithValue("seq", sequenceNr);
        upsert.Parameters.AddWithValue("manifest", payload.Manifest);
        upsert.Parameters.AddWithValue("payload", payload.Bytes);
        upsert.Parameters.AddWithValue("checksum", SHA256.HashData(payload.Bytes));
        upsert.Parameters.AddWithValue("at", _clock.GetUtcNow().ToUnixTimeMilliseconds());
        await upsert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SelectedSnapshot?> LoadLatestAsync(string persistenceId, CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var select = new NpgsqlCommand($"""
            SELECT sequence_nr, manifest, payload, checksum, written_at_ms FROM {database.Table("snapshots")}
            WHERE persistence_id = @id ORDER BY sequence_nr DESC LIMIT 1
            """, connection);
        select.Parameters.AddWithValue("id", persistenceId);
        await using var reader = await select.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellation).ConfigureAwait(false)) return null;
        var seq = reader.GetInt64(0);
        var manifest = reader.GetString(1);
        var bytes = reader.GetFieldValue<byte[]>(2);
        var where = $"snapshot store {database.Location}, '{persistenceId}' #{seq}";
        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(reader.GetFieldValue<byte[]>(3)))
        {
            throw new StoreCorruptedException($"snapshot checksum mismatch ({where}): the row is damaged");
        }

        var metadata = new SnapshotMetadata(persistenceId, seq,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), manifest);
        return new SelectedSnapshot(metadata, serializer.Deserialize(manifest, bytes, where));
    }

    /// <inheritdoc />
    public async Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand(
            $"DELETE FROM {database.Table("snapshots")} WHERE persistence_id = @id AND sequence_nr <= @to", connection);
        delete.Parameters.AddWithValue("id", persistenceId);
        delete.Parameters.AddWithValue("to", toSequenceNr);
        await delete.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
