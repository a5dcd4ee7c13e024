namespace RaRlhf.Actors.Persistence.InMemory;

/// <summary>The events of an <see cref="InMemoryEventJournal"/>, by persistence id (lock on this object).</summary>
public sealed class InMemoryJournalData
{
    private readonly Dictionary<string, EventStream> _streams = new(StringComparer.Ordinal);

    internal EventStream Stream(string persistenceId) =>
        _streams.TryGetValue(persistenceId, out var stream) ? stream : _streams[persistenceId] = new EventStream();

    internal sealed class EventStream
    {
        public List<StoredPayload> Events { get; } = [];

        public long Highest { get; set; }
    }
}
