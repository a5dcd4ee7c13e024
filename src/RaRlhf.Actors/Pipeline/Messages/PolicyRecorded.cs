namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Coordinator event: policy <paramref name="Version"/> is the blob <paramref name="BlobId"/> (SHA-256
/// <paramref name="Sha256"/>). Journaled before the version is announced to the workers, so the version → blob mapping
/// of every policy a rollout may have come from survives a crash (and tells blob pruning which blobs are live).
/// </summary>
public sealed record PolicyRecorded(long Version, string BlobId, string Sha256)
{
    public static PolicyRecorded Of(PolicyPublished p) => new(p.Version, p.BlobId, p.Sha256);
}
