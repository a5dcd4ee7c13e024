namespace RaRlhf.Actors.Persistence.InMemory;

/// <summary>The snapshots of an <see cref="InMemorySnapshotStore"/>, by persistence id (lock on this object).</summary>
public sealed class InMemorySnapshotData
{
    private readonly Dictionary<string, SortedList<long, StoredPayload>> _byId = new(StringComparer.Ordinal);

    internal SortedList<long, StoredPayload> Of(string persistenceId) =>
        _byId.TryGetValue(persistenceId, out var snapshots) ? snapshots : _byId[persistenceId] = [];
}
