namespace RaRlhf.Actors.Persistence;

/// <summary>Snapshots of persistent state, one per (persistence id, sequence number); the latest is used to recover.</summary>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>Saves (or replaces) the snapshot taken after event <paramref name="sequenceNr"/>; durable on return.</summary>
    Task SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellation = default);

    /// <summary>The snapshot with the highest sequence number, or null when there is none.</summary>
    Task<SelectedSnapshot?> LoadLatestAsync(string persistenceId, CancellationToken cancellation = default);

    /// <summary>Deletes snapshots with sequence numbers up to and including <paramref name="toSequenceNr"/>.</summary>
    Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default);
}
