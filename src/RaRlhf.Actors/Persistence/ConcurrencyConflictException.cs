namespace RaRlhf.Actors.Persistence;

/// <summary>
/// An append expected a different highest sequence number: another writer appended to the same persistence id
/// (two instances of one persistent actor are running, or a stale one woke up). Nothing was written.
/// </summary>
public sealed class ConcurrencyConflictException(string persistenceId, long expected, long actual)
    : Exception($"journal conflict for '{persistenceId}': expected highest sequence number {expected}, " +
        $"found {actual}; another writer owns this persistence id — recover and retry")
{
    /// <summary>The contended persistence id.</summary>
    public string PersistenceId { get; } = persistenceId;

    /// <summary>The sequence number the writer expected.</summary>
    public long Expected { get; } = expected;

    /// <summary>The highest sequence number actually stored.</summary>
    public long Actual { get; } = actual;
}
