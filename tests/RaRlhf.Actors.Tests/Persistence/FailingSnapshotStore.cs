using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>A snapshot store whose saves always fail (the disk is full); loads find nothing.</summary>
internal sealed class FailingSnapshotStore : ISnapshotStore
{
    public int SaveAttempts;

    public Task SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref SaveAttempts);
        throw new IOException("no space left on device");
    }

    public Task<SelectedSnapshot?> LoadLatestAsync(string persistenceId, CancellationToken cancellation = default) =>
        Task.FromResult<SelectedSnapshot?>(null);

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default) =>
        Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
