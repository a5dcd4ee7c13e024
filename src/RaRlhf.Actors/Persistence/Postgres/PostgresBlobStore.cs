using System.Security.Cryptography;
using Npgsql;

namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>
/// Content-addressed blobs in a <see cref="PostgresDatabase"/>, stored as 1 MiB <c>bytea</c> chunks so weights are
/// streamed in and out without holding them whole. A put writes the chunks under a fresh content id while hashing,
/// then registers the SHA-256 in <c>blobs</c>, all in one transaction: a failed or interrupted put leaves nothing,
/// and a put of content already stored rolls back and keeps the existing copy. A delete removes the row and its chunks
/// in one transaction. Every read is verified against the id.
/// </summary>
public sealed class PostgresBlobStore(PostgresDatabase database, TimeProvider? clock = null) : IBlobStore
{
    /// <summary>Bytes per stored chunk.</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<BlobId> PutAsync(Stream content, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var contentId = Guid.NewGuid();
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {database.Table("blob_chunks")} (content_id, chunk_index, data) VALUES (@content, @index, @data)",
            connection, transaction);
        insert.Parameters.AddWithValue("content", contentId);
        var index = insert.Parameters.AddWithValue("index", 0);
        var data = insert.Parameters.AddWithValue("data", Array.Empty<byte>());

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkBytes];
        long length = 0;
        var chunks = 0;
        int filled;
        while ((filled = await FillAsync(content, buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, filled);
            index.Value = chunks++;
            data.Value = filled == buffer.Length ? buffer : buffer[..filled];
            await insert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            length += filled;
        }

        var id = BlobId.FromHash(hash.GetHashAndReset());
        await using var register = new NpgsqlCommand($"""
            INSERT INTO {database.Table("blobs")} (sha256, content_id, length, chunk_count, written_at_ms)
            VALUES (@sha, @content, @length, @chunks, @at) ON CONFLICT (sha256) DO NOTHING
            """, connection, transaction);
        register.Parameters.AddWithValue("sha", id.Sha256);
        register.Parameters.AddWithValue("content", contentId);
        register.Parameters.AddWithValue("length", length);
        register.Parameters.AddWithValue("chunks", chunks);
        register.Parameters.AddWithValue("at", _clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (await register.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false) == 0)
        {
            await transaction.RollbackAsync(cancellation).ConfigureAwait(false); // already stored: keep that copy
        }
        else
        {
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        }

        return id;
    }

    /// <inheritdoc />
    public Task<BlobId> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellation = default) =>
        PutAsync(new MemoryStream(content.ToArray(), writable: false), cancellation);

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(BlobId id, CancellationToken cancellation = default)
    {
        var (contentId, length, chunks) = await FindAsync(id, cancellation).ConfigureAwait(false);
        var bytes = new byte[length];
        var offset = 0;
        for (var index = 0; index < chunks; index++)
        {
            var chunk = await ReadChunkAsync(id, contentId, index, cancellation).ConfigureAwait(false);
            if (offset + chunk.Length > length) throw Truncated(id);
            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }

        if (offset != length) throw Truncated(id);
        var actual = BlobId.Of(bytes);
        if (actual != id) throw new BlobCorruptedException(id, actual.Sha256, database.Location);
        return bytes;
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(BlobId id, CancellationToken cancellation = default)
    {
        var (contentId, length, chunks) = await FindAsync(id, cancellation).ConfigureAwait(false);
        var stream = new PostgresChunkStream(index => ReadChunkAsync(id, contentId, index, CancellationToken.None), chunks, length);
        return new VerifyingReadStream(stream, id, database.Location);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(BlobId id, CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var select = new NpgsqlCommand($"SELECT 1 FROM {database.Table("blobs")} WHERE sha256 = @sha", connection);
        select.Parameters.AddWithValue("sha", id.Sha256);
        return await select.ExecuteScalarAsync(cancellation).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(BlobId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var unregister = new NpgsqlCommand(
            $"DELETE FROM {database.Table("blobs")} WHERE sha256 = @sha RETURNING content_id", connection, transaction);
        unregister.Parameters.AddWithValue("sha", id.Sha256);
        if (await unregister.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not Guid contentId)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await using var chunks = new NpgsqlCommand(
            $"DELETE FROM {database.Table("blob_chunks")} WHERE content_id = @content", connection, transaction);
        chunks.Parameters.AddWithValue("content", contentId);
        await chunks.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BlobId>> ListAsync(CancellationToken cancellation = default)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var select = new NpgsqlCommand($"SELECT sha256 FROM {database.Table("blobs")} ORDER BY sha256", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        var ids = new List<BlobId>();
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) ids.Add(BlobId.Parse(reader.GetString(0)));
        return ids;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(Guid ContentId, long Length, int Chunks)> FindAsync(BlobId id, CancellationToken cancellation)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT content_id, length, chunk_count FROM {database.Table("blobs")} WHERE sha256 = @sha", connection);
        select.Parameters.AddWithValue("sha", id.Sha256);
        await using var reader = await select.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellation).ConfigureAwait(false))
        {
            throw new BlobNotFoundException(id, $"blob store {database.Location}");
        }

        return (reader.GetGuid(0), reader.GetInt64(1), reader.GetInt32(2));
    }

    private async Task<byte[]> ReadChunkAsync(BlobId id, Guid contentId, int index, CancellationToken cancellation)
    {
        await using var connection = await database.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT data FROM {database.Table("blob_chunks")} WHERE content_id = @content AND chunk_index = @index",
            connection);
        select.Parameters.AddWithValue("content", contentId);
        select.Parameters.AddWithValue("index", index);
        if (await select.ExecuteScalarAsync(cancellation).ConfigureAwait(false) is byte[] chunk) return chunk;
        await using var registered = new NpgsqlCommand(
            $"SELECT 1 FROM {database.Table("blobs")} WHERE content_id = @content", connection);
        registered.Parameters.AddWithValue("content", contentId);
        if (await registered.ExecuteScalarAsync(cancellation).ConfigureAwait(false) is null)
        {
            throw new BlobNotFoundException(id, $"blob store {database.Location} (deleted while it was read)");
        }

        throw new StoreCorruptedException(
            $"blob chunk {index} of content {contentId} is missing in {database.Location}: the blob is damaged");
    }

    private StoreCorruptedException Truncated(BlobId id) =>
        new($"blob {id} in {database.Location} does not have its recorded length: its chunks are damaged");

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellation)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length &&
               (read = await content.ReadAsync(buffer.AsMemory(filled), cancellation).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
