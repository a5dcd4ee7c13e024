using System.Threading.Channels;
using Serilog;

namespace RaRlhf.Actors.Actors;

/// <summary>
/// Runs one actor: its bounded mailbox, the one-message-at-a-time loop, restarts with backoff, escalation and stop.
/// </summary>
internal sealed class ActorCell
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly Channel<Envelope> _mailbox;
    private readonly Func<Actor> _factory;
    private readonly SupervisorStrategy _strategy;
    private readonly ActorSystem _system;
    private readonly ILogger _logger;
    private readonly ActorContext _context;
    private readonly Supervisor _supervisor;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _handBack = new();
    private readonly CancellationTokenSource _abortRestart;
    private readonly object _stopGate = new();
    private Task<IReadOnlyList<object>>? _stop;
    private Envelope? _interrupted;
    private Task _run = Task.CompletedTask;
    private bool _closed;

    public ActorCell(string name, Func<Actor> factory, ActorOptions options, ActorSystem system, ILogger logger,
        TimeProvider clock)
    {
        Name = name;
        _factory = factory;
        _strategy = options.Supervision;
        _system = system;
        _logger = logger.ForContext("Actor", name);
        _mailbox = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(options.MailboxCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        Self = new ActorRef(this);
        _context = new ActorContext(Self, system, _logger, _stopping.Token);
        _supervisor = new Supervisor(name, _strategy, system, _logger, clock);
        _abortRestart = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, _handBack.Token);
    }

    public string Name { get; }

    public ActorRef Self { get; }

    public void Start() => _run = Task.Run(RunAsync);

    public async ValueTask EnqueueAsync(Envelope envelope, CancellationToken cancellation)
    {
        try
        {
            await _mailbox.Writer.WriteAsync(envelope, cancellation).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Reject(envelope);
        }
    }

    /// <summary>Writes without waiting: false when the mailbox is full (or stopped: then it is a dead letter).</summary>
    public bool TryEnqueue(Envelope envelope)
    {
        if (_mailbox.Writer.TryWrite(envelope)) return true;
        if (Volatile.Read(ref _closed)) Reject(envelope);
        return false;
    }

    public Task<IReadOnlyList<object>> StopAsync(ShutdownMode mode, TimeSpan timeout)
    {
        lock (_stopGate)
        {
            if (_stop is not null) return _stop;

            // Effective as of this call: no new messages, and in HandBack mode none taken after the one in flight
            // (CancelAsync sets the flag synchronously). The rest runs off this lock.
            CloseMailbox();
            if (mode == ShutdownMode.HandBack) _ = _handBack.CancelAsync();
            return _stop = Task.Run(() => FinishStopAsync(timeout));
        }
    }

    private void CloseMailbox()
    {
        Volatile.Write(ref _closed, true);
        _mailbox.Writer.TryComplete();
    }

    private void Reject(Envelope envelope)
    {
        _system.PublishDeadLetter(Name, envelope.Message, "actor stopped");
        envelope.Reply?.Fail(new ActorStoppedException(Name, "is stopped; the message was not delivered"));
    }

    private async Task<IReadOnlyList<object>> FinishStopAsync(TimeSpan timeout)
    {
        if (!await FinishedWithin(timeout).ConfigureAwait(false))
        {
            _logger.Warning("Actor {Actor} did not stop within {TimeoutMs} ms; cancelling its work", Name,
                timeout.TotalMilliseconds);
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (!await FinishedWithin(StopGrace).ConfigureAwait(false))
            {
                _logger.Error("Actor {Actor} ignored cancellation for {GraceMs} ms; abandoning it", Name,
                    StopGrace.TotalMilliseconds);
            }
        }

        var undelivered = new List<object>();
        if (_interrupted is { } interrupted) HandBack(interrupted, undelivered);
        while (_mailbox.Reader.TryRead(out var envelope)) HandBack(envelope, undelivered);
        _system.Forget(this);
        return undelivered;
    }

    private void HandBack(Envelope envelope, List<object> undelivered)
    {
        undelivered.Add(envelope.Message);
        envelope.Reply?.Fail(new ActorStoppedException(Name, "stopped before handling this message"));
    }

    private async Task<bool> FinishedWithin(TimeSpan timeout)
    {
        try
        {
            await _run.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task RunAsync()
    {
        var actor = await StartInstanceAsync().ConfigureAwait(false);
        Envelope? redeliver = null;
        while (actor is not null)
        {
            var envelope = redeliver ?? await NextAsync().ConfigureAwait(false);
            redeliver = null;
            if (envelope is null) break;

            var error = await HandleAsync(actor, envelope).ConfigureAwait(false);
            if (error is null) continue;

            await PostStopAsync(actor).ConfigureAwait(false);
            actor = null;
            if (error is OperationCanceledException && _stopping.IsCancellationRequested)
            {
                _interrupted = envelope;
                break;
            }

            if (!await OnFailureAsync(error, envelope).ConfigureAwait(false))
            {
                // A restart cut short by escalation must still answer the in-flight ask, or its caller waits forever.
                if (_strategy.RedeliverInFlight && !_system.IsEscalated) _interrupted = envelope;
                else envelope.Reply?.Fail(error);
                break;
            }

            if (_strategy.RedeliverInFlight) redeliver = envelope;
            actor = await StartInstanceAsync().ConfigureAwait(false);
            if (actor is null && redeliver is not null) _interrupted = redeliver;
        }

        if (actor is not null) await PostStopAsync(actor).ConfigureAwait(false);
        CloseMailbox();
    }

    private async Task<Envelope?> NextAsync()
    {
        while (!_handBack.IsCancellationRequested)
        {
            try
            {
                if (!await _mailbox.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false)) return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            if (_handBack.IsCancellationRequested) return null;
            if (_mailbox.Reader.TryRead(out var envelope)) return envelope;
        }

        return null;
    }

    private async Task<Exception?> HandleAsync(Actor actor, Envelope envelope)
    {
        envelope.DeliveryCount++;
        _context.ReplyTo = envelope.Reply;
        _context.DeliveryCount = envelope.DeliveryCount;
        try
        {
            await actor.InvokeReceiveAsync(envelope.Message).ConfigureAwait(false);
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
        finally
        {
            _context.ReplyTo = null;
        }
    }

    private async Task<Actor?> StartInstanceAsync()
    {
        while (!_abortRestart.IsCancellationRequested)
        {
            try
            {
                var actor = _factory();
                actor.Attach(_context);
                await actor.InvokePreStartAsync().ConfigureAwait(false);
                return actor;
            }
            catch (Exception error)
            {
                if (!await OnFailureAsync(error, null).ConfigureAwait(false)) return null;
            }
        }

        return null;
    }

    private Task<bool> OnFailureAsync(Exception error, Envelope? envelope) =>
        _supervisor.OnFailureAsync(error, envelope, _abortRestart.Token);

    private async Task PostStopAsync(Actor actor)
    {
        try
        {
            await actor.InvokePostStopAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _logger.Error(error, "Actor {Actor} threw in PostStop", Name);
        }
    }
}
