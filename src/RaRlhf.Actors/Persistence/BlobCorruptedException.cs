namespace RaRlhf.Actors.Persistence;

/// <summary>A blob's content no longer hashes to its id: the stored copy is damaged.</summary>
public sealed class BlobCorruptedException(BlobId id, string actualSha256, string location)
    : Exception($"blob {id} at {location} is corrupted: its content hashes to {actualSha256}; " +
        "delete it and re-create it from its source (e.g. re-publish the policy version)")
{
    /// <summary>The blob's id (its expected SHA-256).</summary>
    public BlobId Id { get; } = id;
}
