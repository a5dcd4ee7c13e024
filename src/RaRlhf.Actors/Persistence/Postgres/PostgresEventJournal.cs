using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>
/// The event journal in a <see cref="PostgresDatabase"/>, with the same rules as the SQLite one: an append locks the
/// persistence id's <c>journal_head</c> row, checks the expected sequence number and writes all its rows in one
/// transaction; each row carries the SHA-256 of its payload, verified on read; the head keeps the highest number
/// after deletes. Concurrent writers of one id (any number of nodes) serialize on the head row's lock.
/// </summary>
public sealed class PostgresEventJournal(PostgresDatabase database, PayloadSerializer serializer, TimeProvider? clock = null)
    : IEventJournal
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var payloads = events.Select(serializer.Serialize).ToArray();
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);

        // Creating the head row first gives a new id a row to lock, so racing first appends serialize too.
        await using (var head = new NpgsqlCommand($"""
            INSERT INTO {database.Table("journal_head")} (persistence_id, highest_sequence_nr) VALUES (@id, 0)
            ON CONFLICT (persistence_id) DO NOTHING
            """, connection, transaction))
        {
            head.Parameters.AddWithValue("id", persistenceId);
            await head.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        var actual = await HighestAsync(connection, transaction, persistenceId, forUpdate: true, cancellation)
            .ConfigureAwait(false);
        if (actual != expectedSequenceNr) throw new ConcurrencyConflictException(persistenceId, expectedSequenceNr, actual);
        if (payloads.Length == 0) return actual;

        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO {database.Table("journal")} (persistence_id, sequence_nr, manifest, payload, checksum, written_at_ms)
            SELECT @id, e.seq, e.manifest, e.payload, e.checksum, @at
            FROM unnest(@seqs, @manifests, @payloads, @checksums) AS e(seq, manifest, payload, checksum)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", persistenceId);
            insert.Parameters.AddWithValue("at", now);
            insert.Parameters.AddWithValue("seqs", Enumerable.Range(1, payloads.Length).Select(i => expectedSequenceNr + i).ToArray());
            insert.Parameters.AddWithValue("manifests", payloads.Select(p => p.Manifest).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
                { Value = payloads.Select(p => p.Bytes).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("checksums", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
                { Value = payloads.Select(p => SHA256.HashData(p.Bytes)).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        var highest = expectedSequenceNr + payloads.Length;
        await using (var bump = new NpgsqlCommand(
            $"UPDATE {database.Table("journal_head")} SET highest_sequence_nr = @highest WHERE persistence_id = @id",
            connection, transaction))
        {
            bump.Parameters.AddWithValue("id", persistenceId);
            bump.Parameters.AddWithValue("highest", highest);
            await bump.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        return highest;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersistedEvent>> ReadAsync(string persistenceId, long fromSequenceNr,
        long toSequenceNr = long.MaxValue, int max = int.MaxValue, CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var select = new NpgsqlCommand($"""
            SELECT sequence_nr, manifest, payload, checksum, written_at_ms FROM {database.Table("journal")}
            WHERE persistence_id = @id AND sequence_nr >= @from AND sequence_nr <= @to
            ORDER BY sequence_nr LIMIT @max
            """, connection);
        select.Parameters.AddWithValue("id", persistenceId);
        select.Parameters.AddWithValue("from", fromSequenceNr);
        select.Parameters.AddWithValue("to", toSequenceNr);
        select.Parameters.AddWithValue("max", (long)max);
        var events = new List<PersistedEvent>();
        await using var reader = await select.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
        {
            var seq = reader.GetInt64(0);
            var where = $"journal {database.Location}, '{persistenceId}' #{seq}";
            var bytes = reader.GetFieldValue<byte[]>(2);
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(reader.GetFieldValue<byte[]>(3)))
            {
                throw new StoreCorruptedException($"event checksum mismatch ({where}): the row is damaged");
            }

            var payload = serializer.Deserialize(reader.GetString(1), bytes, where);
            events.Add(new PersistedEvent(persistenceId, seq, payload,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return events;
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        return await HighestAsync(connection, null, persistenceId, forUpdate: false, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand(
            $"DELETE FROM {database.Table("journal")} WHERE persistence_id = @id AND sequence_nr <= @to", connection);
        delete.Parameters.AddWithValue("id", persistenceId);
        delete.Parameters.AddWithValue("to", toSequenceNr);
        await delete.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<long> HighestAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string persistenceId, bool forUpdate, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand(
            $"SELECT highest_sequence_nr FROM {database.Table("journal_head")} WHERE persistence_id = @id" +
            (forUpdate ? " FOR UPDATE" : ""), connection, transaction);
        select.Parameters.AddWithValue("id", persistenceId);
        return await select.ExecuteScalarAsync(cancellation).ConfigureAwait(false) is long highest ? highest : 0;
    }
}
