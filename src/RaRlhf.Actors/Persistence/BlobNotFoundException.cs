namespace RaRlhf.Actors.Persistence;

/// <summary>No blob with that id is stored.</summary>
public sealed class BlobNotFoundException(BlobId id, string store)
    : Exception($"blob {id} is not in {store}")
{
    /// <summary>The missing id.</summary>
    public BlobId Id { get; } = id;
}
