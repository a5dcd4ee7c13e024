namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Event: policy <paramref name="Version"/> (= PPO steps applied) is in the blob store. Weights never travel in
/// messages; workers fetch the blob and check <paramref name="Sha256"/>.
/// </summary>
public sealed record PolicyPublished(long Version, string BlobId, string Sha256);
