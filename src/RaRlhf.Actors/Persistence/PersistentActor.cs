using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Persistence;

/// <summary>
/// An event-sourced actor (Akka persistence style). State changes only in <see cref="ApplyEvent"/> and
/// <see cref="ApplySnapshot"/>: a command handler decides, calls <see cref="PersistAsync{TEvent}"/>, and the event is
/// applied only once the journal made it durable. On start (and every restart) the actor recovers: latest snapshot,
/// then every later event, checked to be contiguous. Every <c>snapshotEvery</c> events a snapshot is saved.
/// A failed append (e.g. a <see cref="ConcurrencyConflictException"/>) throws, so the supervisor restarts the actor
/// and recovery rebuilds the true state; a failed snapshot is only logged. Commands are delivered at least once
/// (re-delivery after a restart, a crash after persist): make their handlers idempotent against recovered state.
/// </summary>
public abstract class PersistentActor(IEventJournal journal, ISnapshotStore snapshots, int snapshotEvery = 0) : Actor
{
    private const int ReplayPage = 1000;

    private long _lastSnapshotSequenceNr;

    /// <summary>The journal key of this actor's events; stable across restarts and processes.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The number of the last event applied (0 before any).</summary>
    protected long LastSequenceNr { get; private set; }

    /// <summary>The sequence number of the snapshot recovery started from (0 when none).</summary>
    protected long RecoveredFromSnapshot { get; private set; }

    /// <summary>Changes state by one event: during recovery and after each persist. Must not fail or do I/O.</summary>
    protected abstract void ApplyEvent(object @event);

    /// <summary>Replaces state by a snapshot from <see cref="CreateSnapshot"/>.</summary>
    protected virtual void ApplySnapshot(object snapshot) =>
        throw new InvalidOperationException(
            $"{GetType().Name} '{PersistenceId}' found a {snapshot.GetType().Name} snapshot but does not override " +
            "ApplySnapshot");

    /// <summary>The state to snapshot (a registered payload type), or null to skip snapshots.</summary>
    protected virtual object? CreateSnapshot() => null;

    /// <summary>Runs once recovery applied everything, before the first message.</summary>
    protected virtual Task OnRecoveryCompletedAsync() => Task.CompletedTask;

    /// <summary>Recovers, then calls <see cref="OnRecoveryCompletedAsync"/>.</summary>
    protected sealed override async Task PreStartAsync()
    {
        await RecoverAsync().ConfigureAwait(false);
        await OnRecoveryCompletedAsync().ConfigureAwait(false);
    }

    /// <summary>Makes one event durable, applies it, then runs <paramref name="then"/> (reply, tell others).</summary>
    protected async Task PersistAsync<TEvent>(TEvent @event, Action<TEvent>? then = null)
        where TEvent : notnull
    {
        await PersistAllAsync([@event]).ConfigureAwait(false);
        then?.Invoke(@event);
    }

    /// <summary>Makes several events durable in one atomic append, then applies them in order.</summary>
    protected async Task PersistAllAsync(IReadOnlyList<object> events)
    {
        if (events.Count == 0) return;
        LastSequenceNr = await journal.AppendAsync(PersistenceId, LastSequenceNr, events, Context.Stopping)
            .ConfigureAwait(false);
        foreach (var @event in events) ApplyEvent(@event);
        await SnapshotIfDueAsync().ConfigureAwait(false);
    }

    private async Task SnapshotIfDueAsync()
    {
        if (snapshotEvery <= 0 || LastSequenceNr - _lastSnapshotSequenceNr < snapshotEvery) return;
        if (CreateSnapshot() is not { } snapshot) return;
        try
        {
            await snapshots.SaveAsync(PersistenceId, LastSequenceNr, snapshot, Context.Stopping).ConfigureAwait(false);
            _lastSnapshotSequenceNr = LastSequenceNr;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The events are durable, so a missing snapshot only makes recovery longer: failing the command here
            // would get it re-delivered and its events persisted twice.
            Context.Logger.Warning(error, "Snapshot of {PersistenceId} at {SequenceNr} failed; will retry later",
                PersistenceId, LastSequenceNr);
        }
    }

    private async Task RecoverAsync()
    {
        var cancellation = Context.Stopping;
        if (await snapshots.LoadLatestAsync(PersistenceId, cancellation).ConfigureAwait(false) is { } selected)
        {
            ApplySnapshot(selected.Snapshot);
            LastSequenceNr = RecoveredFromSnapshot = _lastSnapshotSequenceNr = selected.Metadata.SequenceNr;
        }

        while (true)
        {
            var page = await journal.ReadAsync(PersistenceId, LastSequenceNr + 1, long.MaxValue, ReplayPage,
                cancellation).ConfigureAwait(false);
            foreach (var persisted in page)
            {
                if (persisted.SequenceNr != LastSequenceNr + 1) throw Gap(LastSequenceNr + 1, persisted.SequenceNr - 1);
                ApplyEvent(persisted.Event);
                LastSequenceNr = persisted.SequenceNr;
            }

            if (page.Count < ReplayPage) break;
        }

        var highest = await journal.ReadHighestSequenceNrAsync(PersistenceId, cancellation).ConfigureAwait(false);
        if (highest > LastSequenceNr) throw Gap(LastSequenceNr + 1, highest);
    }

    private StoreCorruptedException Gap(long from, long to) =>
        new($"{GetType().Name} '{PersistenceId}' cannot recover: events {from}..{to} are missing from the journal " +
            "and no snapshot covers them");
}
