namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>Client settings of <see cref="HttpRewardModel"/>; the defaults suit a reward server on the same network.</summary>
public sealed record HttpRewardOptions(Uri BaseUrl)
{
    /// <summary>Larger batches are split into requests of at most this many items (order kept).</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>Per attempt, not per batch.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts after the first for timeouts, 5xx and connection errors.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before retry k (0-based) is BaseDelay·2^k, capped at MaxDelay.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed requests (after their retries) that open the circuit.</summary>
    public int BreakerFailures { get; init; } = 5;

    /// <summary>How long an open circuit fails fast before one trial request is let through.</summary>
    public TimeSpan BreakerCooldown { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (MaxBatchSize < 1 || MaxRetries < 0 || BreakerFailures < 1 || RequestTimeout <= TimeSpan.Zero || BaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"invalid remote reward options for {BaseUrl}: batch size and breaker failures must be ≥ 1, retries ≥ 0, timeout > 0");
        }
    }
}
