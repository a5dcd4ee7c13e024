namespace RaRlhf.Actors.Persistence;

/// <summary>
/// Append-only event log per persistence id. Sequence numbers start at 1 and are contiguous; an append is atomic
/// (all its events or none) and durable when the returned task completes.
/// </summary>
public interface IEventJournal : IAsyncDisposable
{
    /// <summary>
    /// Appends <paramref name="events"/> as numbers expectedSequenceNr+1 … and returns the new highest number.
    /// Throws <see cref="ConcurrencyConflictException"/> when the stored highest number is not
    /// <paramref name="expectedSequenceNr"/> (0 for a new id).
    /// </summary>
    Task<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events,
        CancellationToken cancellation = default);

    /// <summary>Events numbered from..to (inclusive) in order, at most <paramref name="max"/> of them.</summary>
    Task<IReadOnlyList<PersistedEvent>> ReadAsync(string persistenceId, long fromSequenceNr,
        long toSequenceNr = long.MaxValue, int max = int.MaxValue, CancellationToken cancellation = default);

    /// <summary>The highest number ever appended (kept after deletes), 0 when none.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellation = default);

    /// <summary>Deletes events up to and including <paramref name="toSequenceNr"/> (e.g. after a snapshot).</summary>
    Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default);
}
