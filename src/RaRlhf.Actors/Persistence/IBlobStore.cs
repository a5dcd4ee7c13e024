namespace RaRlhf.Actors.Persistence;

/// <summary>
/// Content-addressed blobs (policy weights as safetensors, datasets): the id is the content's SHA-256, so putting
/// identical content twice stores it once, and every read is verified against the id.
/// </summary>
public interface IBlobStore : IAsyncDisposable
{
    /// <summary>Stores a stream (read to its end) and returns its id; durable and complete when it returns.</summary>
    Task<BlobId> PutAsync(Stream content, CancellationToken cancellation = default);

    /// <summary>Stores bytes and returns their id.</summary>
    Task<BlobId> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellation = default);

    /// <summary>The whole blob, verified; throws <see cref="BlobCorruptedException"/> or <see cref="BlobNotFoundException"/>.</summary>
    Task<byte[]> GetAsync(BlobId id, CancellationToken cancellation = default);

    /// <summary>
    /// Streams a blob; the stream verifies the hash as it is read and throws <see cref="BlobCorruptedException"/>
    /// on reaching the end of damaged content, so consume it to the end before trusting what was read.
    /// </summary>
    Task<Stream> OpenReadAsync(BlobId id, CancellationToken cancellation = default);

    /// <summary>Whether a blob is stored (without verifying it).</summary>
    Task<bool> ExistsAsync(BlobId id, CancellationToken cancellation = default);

    /// <summary>
    /// Removes a blob; true if it was stored, false if not (deleting a missing blob is not an error). Atomic: the blob
    /// is then either whole and verifiable or gone, also after a crash. A read already streaming it may finish or fail
    /// with <see cref="BlobNotFoundException"/>; other blobs are unaffected. A put of the same content racing the delete
    /// may find it gone: callers delete only what nobody will put or read again (e.g. superseded policy versions).
    /// </summary>
    Task<bool> DeleteAsync(BlobId id, CancellationToken cancellationToken = default);

    /// <summary>Every stored blob id, sorted.</summary>
    Task<IReadOnlyList<BlobId>> ListAsync(CancellationToken cancellation = default);
}
