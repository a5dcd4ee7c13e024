namespace RaRlhf.Actors.Actors;

/// <summary>Failure times of one actor within a sliding window.</summary>
internal sealed class FailureWindow(TimeSpan window, TimeProvider clock)
{
    private readonly Queue<DateTimeOffset> _failures = new();

    /// <summary>Records a failure now and returns how many failures fall within the window.</summary>
    public int Record()
    {
        var now = clock.GetUtcNow();
        _failures.Enqueue(now);
        while (_failures.Count > 0 && now - _failures.Peek() > window)
        {
            _failures.Dequeue();
        }

        return _failures.Count;
    }
}
