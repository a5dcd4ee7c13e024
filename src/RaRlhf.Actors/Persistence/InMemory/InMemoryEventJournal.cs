namespace RaRlhf.Actors.Persistence.InMemory;

/// <summary>
/// A journal in this process's memory, for tests of roles and for runs that need no resume. Payloads are
/// serialized exactly as in the durable stores, so unregistered types and unknown manifests fail the same way.
/// Journals built on the same <see cref="InMemoryJournalData"/> share their events.
/// </summary>
public sealed class InMemoryEventJournal(PayloadSerializer serializer, InMemoryJournalData? data = null,
    TimeProvider? clock = null) : IEventJournal
{
    private readonly InMemoryJournalData _data = data ?? new InMemoryJournalData();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The storage (share it to "reopen" the journal).</summary>
    public InMemoryJournalData Data => _data;

    /// <inheritdoc />
    public Task<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var payloads = events.Select(serializer.Serialize).ToArray();
        var now = _clock.GetUtcNow();
        lock (_data)
        {
            var stream = _data.Stream(persistenceId);
            if (stream.Highest != expectedSequenceNr)
            {
                throw new ConcurrencyConflictException(persistenceId, expectedSequenceNr, stream.Highest);
            }

            for (var i = 0; i < payloads.Length; i++)
            {
                stream.Events.Add(StoredPayload.Of(expectedSequenceNr + 1 + i, payloads[i], now));
            }

            stream.Highest = expectedSequenceNr + payloads.Length;
            return Task.FromResult(stream.Highest);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PersistedEvent>> ReadAsync(string persistenceId, long fromSequenceNr,
        long toSequenceNr = long.MaxValue, int max = int.MaxValue, CancellationToken cancellation = default)
    {
        StoredPayload[] slice;
        lock (_data)
        {
            slice = [.. _data.Stream(persistenceId).Events
                .Where(e => e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr).Take(max)];
        }

        IReadOnlyList<PersistedEvent> events = slice.Select(e => new PersistedEvent(persistenceId, e.SequenceNr,
            e.Decode(serializer, $"in-memory journal, '{persistenceId}' #{e.SequenceNr}"), e.Timestamp)).ToList();
        return Task.FromResult(events);
    }

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellation = default)
    {
        lock (_data) return Task.FromResult(_data.Stream(persistenceId).Highest);
    }

    /// <inheritdoc />
    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellation = default)
    {
        lock (_data) _data.Stream(persistenceId).Events.RemoveAll(e => e.SequenceNr <= toSequenceNr);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
