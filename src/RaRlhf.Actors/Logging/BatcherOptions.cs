namespace RaRlhf.Actors.Logging;

/// <summary>Sizes and timings of a <see cref="BoundedBatcher{T}"/>.</summary>
public sealed record BatcherOptions
{
    /// <summary>Most items per batch.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>The longest an item waits before its batch is sent.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most items held (queued, not counting the batch being sent).</summary>
    public int QueueLimit { get; init; } = 10_000;

    public QueueFullMode FullMode { get; init; } = QueueFullMode.DropOldest;

    /// <summary>First retry delay; doubles per failed attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long disposal may spend sending what is still queued.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based): min·2^(attempt−1), capped at max.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var ticks = MinBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(ticks, MaxBackoff.Ticks));
    }
}
