using System.Security.Cryptography;

namespace RaRlhf.Actors.Persistence.Sqlite;

/// <summary>The snapshot store in a <see cref="SqliteDatabase"/>; each row carries its payload's SHA-256.</summary>
public sealed class SqliteSnapshotStore(SqliteDatabase database, PayloadSerializer serializer, TimeProvider? clock = null)
    : ISnapshotStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public Task SaveAsync(string persistenceId, long sequenceNr, object snapshot,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var payload = serializer.Serialize(snapshot);
        var checksum = SHA256.HashData(payload.Bytes);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.RunAsync((connection, transaction) =>
        {
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT OR REPLACE INTO snapshots (persistence_id, sequence_nr, manifest, payload, checksum, written_at_ms)
                VALUES ($id, $seq, $manifest, $payload, $checksum, $at)
                """;
            upsert.Parameters.AddWithValue("$id", persistenceId);
            upsert.Parameters.AddWithValue("$seq", sequenceNr);
            upsert.Parameters.AddWithValue("$manifest", payload.Manifest);
            upsert.Parameters.AddWithValue("$payload", payload.Bytes);
            upsert.Parameters.AddWithValue("$checksum", checksum);
            upsert.Parameters.AddWithValue("$at", now);
            return upsert.ExecuteNonQuery();
        }, transactional: true, cancellation);
    }

    /// <inheritdoc />
    public Task<SelectedSnapshot?> LoadLatestAsync(string persistenceId, CancellationToken cancellation = default) =>
        database.RunAsync((connection, _) =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT sequence_nr, manifest, payload, checksum, written_at_ms FROM snapshots
                WHERE persistence_id = $id ORDER BY sequence_nr DESC LIMIT 1
                """;
            select.Parameters.AddWithValue("$id", persistenceId);
            using var reader = select.ExecuteReader();
            if (!reader.Read()) return null;
            var seq = reader.GetInt64(0);
            var manifest = reader.GetString(1);
            var bytes = (byte[])reader.GetValue(2);
            var where = $"snapshot store {database.Path}, '{persistenceId}' #{seq}";
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual((byte[])reader.GetValue(3)))
            {
                throw new StoreCorruptedException($"snapshot checksum mismatch ({where}): the row is damaged");
            }

            var metadata = new SnapshotMetadata(persistenceId, seq,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), manifest);
            return new SelectedSnapshot(metadata, serializer.Deserialize(manifest, bytes, where));
        }, transactional: false, cancellation);

    /// <inheritdoc />
    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default) =>
        database.RunAsync((connection, transaction) =>
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr <= $to";
            delete.Parameters.AddWithValue("$id", persistenceId);
            delete.Parameters.AddWithValue("$to", toSequenceNr);
            return delete.ExecuteNonQuery();
        }, transactional: true, cancellation);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
