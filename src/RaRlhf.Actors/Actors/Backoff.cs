namespace RaRlhf.Actors.Actors;

/// <summary>The restart delays of one actor under a <see cref="SupervisorStrategy"/> (seeded jitter).</summary>
internal sealed class Backoff(SupervisorStrategy strategy)
{
    private readonly Random _jitter = new(strategy.JitterSeed);

    /// <summary>The delay before the restart that follows the <paramref name="failureCount"/>-th recent failure.</summary>
    public TimeSpan DelayFor(int failureCount)
    {
        var exponent = Math.Max(0, failureCount - 1);
        var baseMs = strategy.MinBackoff.TotalMilliseconds * Math.Pow(strategy.Factor, exponent);
        var cappedMs = Math.Min(strategy.MaxBackoff.TotalMilliseconds, baseMs);
        var jitter = strategy.JitterFraction > 0 ? _jitter.NextDouble() * strategy.JitterFraction : 0.0;
        return TimeSpan.FromMilliseconds(cappedMs * (1.0 + jitter));
    }
}
