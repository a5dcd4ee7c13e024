using Serilog;

namespace RaRlhf.Actors.Actors;

/// <summary>Applies one actor's <see cref="SupervisorStrategy"/> to its failures: count, escalate or back off.</summary>
internal sealed class Supervisor(string actorName, SupervisorStrategy strategy, ActorSystem system, ILogger logger,
    TimeProvider clock)
{
    private readonly Backoff _backoff = new(strategy);
    private readonly FailureWindow _failures = new(strategy.FailureWindow, clock);

    /// <summary>
    /// Counts a failure (of <paramref name="envelope"/>'s handler, or of PreStart when null); escalates, or waits out
    /// the backoff. False when the actor must not restart (escalated, or <paramref name="abort"/> fired).
    /// </summary>
    public async Task<bool> OnFailureAsync(Exception error, Envelope? envelope, CancellationToken abort)
    {
        var count = _failures.Record();
        if (count > strategy.MaxFailures)
        {
            envelope?.Reply?.Fail(error);
            system.Escalate(new ActorEscalationException(actorName, count, strategy.FailureWindow, error));
            return false;
        }

        if (envelope is not null && !strategy.RedeliverInFlight)
        {
            envelope.Reply?.Fail(error);
            system.PublishDeadLetter(actorName, envelope.Message, $"dropped after failure: {error.GetType().Name}");
        }

        var delay = _backoff.DelayFor(count);
        logger.Warning(error, "Actor {Actor} failed ({FailureCount} in window); restarting in {BackoffMs} ms",
            actorName, count, delay.TotalMilliseconds);
        try
        {
            await Task.Delay(delay, clock, abort).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
