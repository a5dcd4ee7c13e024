namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// Closed → (N consecutive failures) → open: fail fast for the cool-down → half-open: one trial call; success closes
/// the circuit, failure re-opens it for another cool-down.
/// </summary>
public sealed class CircuitBreaker(int failureThreshold, TimeSpan cooldown, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private int _failures;
    private long _openedAt;
    private bool _open;
    private bool _trialInFlight;

    public bool IsOpen
    {
        get { lock (_gate) { return _open; } }
    }

    /// <summary>False when the call must fail fast; true lets it through (as the half-open trial if the cool-down passed).</summary>
    public bool TryEnter(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            retryAfter = TimeSpan.Zero;
            if (!_open)
            {
                return true;
            }

            var elapsed = _clock.GetElapsedTime(_openedAt);
            if (elapsed >= cooldown && !_trialInFlight)
            {
                _trialInFlight = true;
                return true;
            }

            retryAfter = elapsed >= cooldown ? TimeSpan.Zero : cooldown - elapsed;
            return false;
        }
    }

    public void OnSuccess()
    {
        lock (_gate)
        {
            _failures = 0;
            _open = false;
            _trialInFlight = false;
        }
    }

    public void OnFailure()
    {
        lock (_gate)
        {
            _failures++;
            if (_trialInFlight || _failures >= failureThreshold)
            {
                _open = true;
                _openedAt = _clock.GetTimestamp();
            }

            _trialInFlight = false;
        }
    }

    /// <summary>The caller cancelled: neither success nor failure, but a half-open trial slot is released.</summary>
    public void OnAbandoned()
    {
        lock (_gate)
        {
            _trialInFlight = false;
        }
    }
}
