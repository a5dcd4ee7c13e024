namespace RaRlhf.Actors.Actors;

/// <summary>
/// How an actor's failures are handled: restart it after an exponential backoff
/// (<c>min(MaxBackoff, MinBackoff·Factor^(k−1))</c> for the k-th failure in the window, times 1 + a seeded jitter
/// in [0, JitterFraction)), and escalate — stop the whole system — once more than <see cref="MaxFailures"/>
/// failures fall within <see cref="FailureWindow"/>.
/// </summary>
public sealed record SupervisorStrategy
{
    /// <summary>Restart quickly, escalate after 5 failures in one minute, re-deliver the failed message.</summary>
    public static SupervisorStrategy Default { get; } = new();

    /// <summary>Backoff before the first restart.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Growth of the backoff per failure within the window (≥ 1).</summary>
    public double Factor { get; init; } = 2.0;

    /// <summary>Random extra delay as a fraction of the backoff (0 = none).</summary>
    public double JitterFraction { get; init; }

    /// <summary>Seed of the jitter, so restarts are reproducible.</summary>
    public int JitterSeed { get; init; }

    /// <summary>Failures allowed within <see cref="FailureWindow"/>; one more escalates.</summary>
    public int MaxFailures { get; init; } = 5;

    /// <summary>The sliding window in which failures are counted.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Re-deliver the message that failed to the restarted actor (re-issue in-flight work). When false the message is
    /// dropped to dead letters and an Ask on it fails with the exception.
    /// </summary>
    public bool RedeliverInFlight { get; init; } = true;

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MinBackoff < TimeSpan.Zero) throw Invalid(nameof(MinBackoff), "must be ≥ 0");
        if (MaxBackoff < MinBackoff) throw Invalid(nameof(MaxBackoff), "must be ≥ MinBackoff");
        if (!(Factor >= 1.0)) throw Invalid(nameof(Factor), "must be ≥ 1");
        if (!(JitterFraction >= 0.0 && JitterFraction <= 1.0)) throw Invalid(nameof(JitterFraction), "must be in [0, 1]");
        if (MaxFailures < 0) throw Invalid(nameof(MaxFailures), "must be ≥ 0");
        if (FailureWindow <= TimeSpan.Zero) throw Invalid(nameof(FailureWindow), "must be > 0");
    }

    private static ArgumentException Invalid(string name, string rule) =>
        new($"supervisor strategy: {name} {rule}", name);
}
