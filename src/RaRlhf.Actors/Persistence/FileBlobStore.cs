using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RaRlhf.Actors.Persistence;

/// <summary>
/// Blobs as files under one directory (by default <c>blobs/</c> beside the SQLite database in the run directory):
/// <c>ab/abcdef…</c> named by SHA-256. A put streams into a temp file while hashing, flushes it to disk and renames
/// it into place, so a crash leaves either no blob or a complete one; a put of content already stored keeps the
/// existing file. A delete renames the file into the temp folder (atomic) before removing it, so a crash leaves the
/// blob whole or gone, never partial; the temp folder is emptied on open. Files, not database rows, because weights
/// are large and streamed.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private const string TempFolder = ".incoming";

    /// <summary>Opens (creating) the store in <paramref name="directory"/>; removes temp files of crashed puts.</summary>
    public FileBlobStore(string directory)
    {
        Root = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.Combine(Root, TempFolder));
        foreach (var orphan in Directory.EnumerateFiles(Path.Combine(Root, TempFolder))) File.Delete(orphan);
    }

    /// <summary>The store's directory.</summary>
    public string Root { get; }

    /// <summary>Where the blob's file is (or would be).</summary>
    public string PathOf(BlobId id) => Path.Combine(Root, id.Sha256[..2], id.Sha256);

    /// <inheritdoc />
    public async Task<BlobId> PutAsync(Stream content, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(Root, TempFolder, $"{Guid.NewGuid():N}.tmp");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             bufferSize: 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellation).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            var id = BlobId.FromHash(hash.GetHashAndReset());
            var target = PathOf(id);
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temp, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // A concurrent put of the same content won the rename: identical bytes, nothing to do.
                }
            }

            return id;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task<BlobId> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellation = default)
    {
        var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return PutAsync(stream, cancellation);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(BlobId id, CancellationToken cancellation = default)
    {
        var path = PathOf(id);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(id);
        }

        var actual = BlobId.Of(bytes);
        if (actual != id) throw new BlobCorruptedException(id, actual.Sha256, path);
        return bytes;
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(BlobId id, CancellationToken cancellation = default)
    {
        var path = PathOf(id);
        FileStream file;
        try
        {
            // FileShare.Delete: a delete may unlink the file while it streams; the open handle still reads it whole.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(id);
        }

        return Task.FromResult<Stream>(new VerifyingReadStream(file, id, path));
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(BlobId id, CancellationToken cancellation = default) =>
        Task.FromResult(File.Exists(PathOf(id)));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(BlobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var doomed = Path.Combine(Root, TempFolder, $"{Guid.NewGuid():N}.deleted");
        try
        {
            File.Move(PathOf(id), doomed, overwrite: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(false);
        }

        File.Delete(doomed);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BlobId>> ListAsync(CancellationToken cancellation = default)
    {
        var ids = Directory.EnumerateDirectories(Root)
            .Where(dir => Path.GetFileName(dir) != TempFolder)
            .SelectMany(Directory.EnumerateFiles)
            .Select(Path.GetFileName)
            .Where(name => name is { Length: 64 } && name.All(char.IsAsciiHexDigitLower))
            .Select(name => BlobId.Parse(name!))
            .OrderBy(id => id.Sha256, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<BlobId>>(ids);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private BlobNotFoundException NotFound(BlobId id) => new(id, $"blob store {Root}");
}
