using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Command: add <paramref name="By"/>; with <paramref name="NoteBytes"/> &gt; 0 also journal a note, atomically.</summary>
public sealed record Increment(int By, int NoteBytes = 0);

/// <summary>Command: fail after persisting (supervision tests).</summary>
public sealed record IncrementThenCrash(int By);

/// <summary>Query: answer a <see cref="CounterReport"/>.</summary>
public sealed record GetCount;

/// <summary>The counter's state as seen by a query.</summary>
public sealed record CounterReport(long Total, int Events, int Notes, long LastSequenceNr, long RecoveredFromSnapshot);

/// <summary>An event-sourced counter: the reference persistent actor of the tests and of the crash child.</summary>
internal sealed class CounterActor(string persistenceId, IEventJournal journal, ISnapshotStore snapshots, int snapshotEvery)
    : PersistentActor(journal, snapshots, snapshotEvery)
{
    private long _total;
    private int _events;
    private int _notes;

    public override string PersistenceId => persistenceId;

    /// <summary>The note journaled with sequence number <paramref name="sequenceNr"/>: deterministic, checkable.</summary>
    public static string NoteFor(long sequenceNr, int length) =>
        string.Create(length, sequenceNr, (span, seq) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + (seq * 31 + i) % 26);
        });

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case Increment { NoteBytes: > 0 } increment:
                await PersistAllAsync([new CounterIncremented(increment.By),
                    new NoteWritten(NoteFor(LastSequenceNr + 2, increment.NoteBytes))]);
                Respond(Report());
                break;
            case Increment increment:
                await PersistAsync(new CounterIncremented(increment.By), _ => Respond(Report()));
                break;
            case IncrementThenCrash crash:
                await PersistAsync(new CounterIncremented(crash.By));
                throw new InvalidOperationException("crash after persist");
            case GetCount:
                Respond(Report());
                break;
        }
    }

    protected override void ApplyEvent(object @event)
    {
        switch (@event)
        {
            case CounterIncremented incremented:
                _total += incremented.By;
                _events++;
                break;
            case NoteWritten:
                _notes++;
                break;
        }
    }

    protected override void ApplySnapshot(object snapshot)
    {
        var state = (CounterState)snapshot;
        _total = state.Total;
        _events = state.Events;
        _notes = 0; // notes are not part of the snapshot: they only count since recovery started
    }

    protected override object CreateSnapshot() => new CounterState(_total, _events);

    private CounterReport Report() => new(_total, _events, _notes, LastSequenceNr, RecoveredFromSnapshot);
}
