using System.Collections.Concurrent;
using Serilog;

namespace RaRlhf.Actors.Actors;

/// <summary>
/// Hosts named actors in one process. Stops as a whole on <see cref="ShutdownAsync"/> or when an actor's failures
/// escalate; <see cref="WhenTerminated"/> then completes (faulted with <see cref="ActorEscalationException"/>
/// in the second case).
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private static readonly TimeSpan EscalationStopTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ActorCell> _actors = new(StringComparer.Ordinal);
    private readonly List<ActorCell> _spawnOrder = [];
    private readonly IDeadLetterSink _deadLetters;
    private readonly TimeProvider _clock;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private Task<ShutdownReport>? _shutdown;
    private ActorEscalationException? _escalation;
    private long _deadLetterCount;

    /// <summary>Creates a system; dead letters go to <paramref name="deadLetters"/> (default: logged).</summary>
    public ActorSystem(string name, ILogger logger, IDeadLetterSink? deadLetters = null, TimeProvider? clock = null)
    {
        Name = name;
        Logger = logger.ForContext("ActorSystem", name);
        _deadLetters = deadLetters ?? new LoggingDeadLetterSink(Logger);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The system's name (a log property).</summary>
    public string Name { get; }

    /// <summary>The system's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Dead letters so far.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Completes when the system stopped; faults with the escalation that stopped it, if any.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal bool IsEscalated => Volatile.Read(ref _escalation) is not null;

    /// <summary>Starts an actor under a unique name. <paramref name="factory"/> is called again on every restart.</summary>
    public ActorRef Spawn(string name, Func<Actor> factory, ActorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        options ??= ActorOptions.Default;
        options.Validate();
        var cell = new ActorCell(name, factory, options, this, Logger, _clock);
        lock (_gate)
        {
            if (_shutdown is not null) throw new InvalidOperationException($"actor system '{Name}' is shutting down");
            if (!_actors.TryAdd(name, cell))
            {
                throw new ArgumentException($"actor name '{name}' is already in use in system '{Name}'", nameof(name));
            }

            _spawnOrder.Add(cell);
        }

        cell.Start();
        return cell.Self;
    }

    /// <summary>The running actor of that name, or null.</summary>
    public ActorRef? Lookup(string name) => _actors.TryGetValue(name, out var cell) ? cell.Self : null;

    /// <summary>Sends to an actor by name; an unknown name is a dead letter.</summary>
    public ValueTask TellAsync(string name, object message, CancellationToken cancellation = default)
    {
        if (_actors.TryGetValue(name, out var cell)) return cell.Self.TellAsync(message, cancellation);
        PublishDeadLetter(name, message, "no such actor");
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops one actor; returns the messages it did not handle (see <see cref="ShutdownMode"/>).</summary>
    public Task<IReadOnlyList<object>> StopAsync(ActorRef actor, ShutdownMode mode, TimeSpan timeout) =>
        _actors.TryGetValue(actor.Name, out var cell) && ReferenceEquals(cell.Self, actor)
            ? cell.StopAsync(mode, timeout)
            : Task.FromResult<IReadOnlyList<object>>([]);

    /// <summary>
    /// Stops every actor within <paramref name="timeout"/>. Drain stops the most recently spawned first (drivers are
    /// usually spawned after the stages they drive); HandBack stops all at once. Idempotent.
    /// </summary>
    public Task<ShutdownReport> ShutdownAsync(ShutdownMode mode, TimeSpan timeout)
    {
        lock (_gate)
        {
            return _shutdown ??= ShutdownCoreAsync(mode, timeout);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(ShutdownMode.HandBack, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    internal void PublishDeadLetter(string recipient, object message, string reason)
    {
        Interlocked.Increment(ref _deadLetterCount);
        try
        {
            _deadLetters.Publish(new DeadLetter(recipient, message, reason));
        }
        catch (Exception error)
        {
            Logger.Error(error, "Dead-letter sink threw for a message to {Recipient}", recipient);
        }
    }

    internal void Escalate(ActorEscalationException error)
    {
        if (Interlocked.CompareExchange(ref _escalation, error, null) is not null) return;
        Logger.Fatal(error.InnerException, "Actor {Actor} escalated; stopping actor system {ActorSystem}",
            error.ActorName, Name);
        _ = Task.Run(() => ShutdownAsync(ShutdownMode.HandBack, EscalationStopTimeout));
    }

    internal void Forget(ActorCell cell)
    {
        _actors.TryRemove(new KeyValuePair<string, ActorCell>(cell.Name, cell));
        lock (_gate)
        {
            if (_shutdown is null) _spawnOrder.Remove(cell);
        }
    }

    private async Task<ShutdownReport> ShutdownCoreAsync(ShutdownMode mode, TimeSpan timeout)
    {
        ActorCell[] cells;
        lock (_gate)
        {
            cells = [.. _spawnOrder];
        }

        // Drain stops one actor after the other, so a stage's last messages still reach the stages spawned before
        // it; HandBack stops them all at once (nothing new is handled anyway).
        var deadline = _clock.GetUtcNow() + timeout;
        var undelivered = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        var stops = new Task<IReadOnlyList<object>>?[cells.Length];
        if (mode == ShutdownMode.HandBack)
        {
            for (var i = 0; i < cells.Length; i++) stops[i] = cells[i].StopAsync(mode, timeout);
        }

        for (var i = cells.Length - 1; i >= 0; i--)
        {
            var remaining = deadline - _clock.GetUtcNow();
            var left = await (stops[i] ?? cells[i].StopAsync(mode, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero))
                .ConfigureAwait(false);
            if (left.Count > 0) undelivered[cells[i].Name] = left;
        }

        if (Volatile.Read(ref _escalation) is { } escalation) _terminated.TrySetException(escalation);
        else _terminated.TrySetResult();
        return new ShutdownReport(undelivered);
    }
}
