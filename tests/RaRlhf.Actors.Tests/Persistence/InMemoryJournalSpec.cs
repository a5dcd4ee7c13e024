using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.InMemory;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Runs <see cref="JournalSpec"/> against <see cref="InMemoryEventJournal"/>; reopening shares the data.</summary>
public sealed class InMemoryJournalSpec : JournalSpec
{
    private readonly InMemoryJournalData _data = new();

    protected override Task<IEventJournal> OpenAsync(PayloadSerializer serializer) =>
        Task.FromResult<IEventJournal>(new InMemoryEventJournal(serializer, _data));

    protected override Task CloseAsync(IEventJournal journal) => journal.DisposeAsync().AsTask();

    protected override Task CorruptPayloadAsync(string persistenceId, long sequenceNr)
    {
        lock (_data)
        {
            var stored = _data.Stream(persistenceId).Events.Single(e => e.SequenceNr == sequenceNr);
            stored.Bytes[stored.Bytes.Length / 2] ^= 0x01;
        }

        return Task.CompletedTask;
    }
}
