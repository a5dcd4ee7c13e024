using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace RaRlhf.Actors.Persistence.Sqlite;

/// <summary>
/// The event journal in a <see cref="SqliteDatabase"/>. An append checks the expected sequence number and writes
/// all its rows in one IMMEDIATE transaction; each row carries the SHA-256 of its payload, verified on read.
/// <c>journal_head</c> keeps the highest number after deletes.
/// </summary>
public sealed class SqliteEventJournal(SqliteDatabase database, PayloadSerializer serializer, TimeProvider? clock = null)
    : IEventJournal
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var payloads = events.Select(serializer.Serialize).ToArray(); // serialize outside the lock
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.RunAsync((connection, transaction) =>
        {
            var actual = Highest(connection, transaction, persistenceId);
            if (actual != expectedSequenceNr)
            {
                throw new ConcurrencyConflictException(persistenceId, expectedSequenceNr, actual);
            }

            if (payloads.Length == 0) return actual;
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO journal (persistence_id, sequence_nr, manifest, payload, checksum, written_at_ms)
                VALUES ($id, $seq, $manifest, $payload, $checksum, $at)
                """;
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var manifest = insert.Parameters.Add("$manifest", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            var checksum = insert.Parameters.Add("$checksum", SqliteType.Blob);
            insert.Parameters.AddWithValue("$id", persistenceId);
            insert.Parameters.AddWithValue("$at", now);
            for (var i = 0; i < payloads.Length; i++)
            {
                seq.Value = expectedSequenceNr + 1 + i;
                manifest.Value = payloads[i].Manifest;
                payload.Value = payloads[i].Bytes;
                checksum.Value = SHA256.HashData(payloads[i].Bytes);
                insert.ExecuteNonQuery();
            }

            var highest = expectedSequenceNr + payloads.Length;
            using var head = connection.CreateCommand();
            head.Transaction = transaction;
            head.CommandText = """
                INSERT INTO journal_head (persistence_id, highest_sequence_nr) VALUES ($id, $highest)
                ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = excluded.highest_sequence_nr
                """;
            head.Parameters.AddWithValue("$id", persistenceId);
            head.Parameters.AddWithValue("$highest", highest);
            head.ExecuteNonQuery();
            return highest;
        }, transactional: true, cancellation);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PersistedEvent>> ReadAsync(string persistenceId, long fromSequenceNr,
        long toSequenceNr = long.MaxValue, int max = int.MaxValue, CancellationToken cancellation = default)
    {
        return database.RunAsync<IReadOnlyList<PersistedEvent>>((connection, _) =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT sequence_nr, manifest, payload, checksum, written_at_ms FROM journal
                WHERE persistence_id = $id AND sequence_nr >= $from AND sequence_nr <= $to
                ORDER BY sequence_nr LIMIT $max
                """;
            select.Parameters.AddWithValue("$id", persistenceId);
            select.Parameters.AddWithValue("$from", fromSequenceNr);
            select.Parameters.AddWithValue("$to", toSequenceNr);
            select.Parameters.AddWithValue("$max", max);
            var events = new List<PersistedEvent>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var seq = reader.GetInt64(0);
                var where = $"journal {database.Path}, '{persistenceId}' #{seq}";
                var bytes = (byte[])reader.GetValue(2);
                if (!SHA256.HashData(bytes).AsSpan().SequenceEqual((byte[])reader.GetValue(3)))
                {
                    throw new StoreCorruptedException($"event checksum mismatch ({where}): the row is damaged");
                }

                var payload = serializer.Deserialize(reader.GetString(1), bytes, where);
                events.Add(new PersistedEvent(persistenceId, seq, payload,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return events;
        }, transactional: false, cancellation);
    }

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellation = default) =>
        database.RunAsync((connection, _) => Highest(connection, null, persistenceId), false, cancellation);

    /// <inheritdoc />
    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default) =>
        database.RunAsync((connection, transaction) =>
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $to";
            delete.Parameters.AddWithValue("$id", persistenceId);
            delete.Parameters.AddWithValue("$to", toSequenceNr);
            return delete.ExecuteNonQuery();
        }, transactional: true, cancellation);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static long Highest(SqliteConnection connection, SqliteTransaction? transaction, string persistenceId)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT highest_sequence_nr FROM journal_head WHERE persistence_id = $id";
        select.Parameters.AddWithValue("$id", persistenceId);
        return select.ExecuteScalar() is long highest ? highest : 0;
    }
}
