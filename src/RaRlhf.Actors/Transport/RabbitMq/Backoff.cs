namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>Exponential waits for retrying: from <c>first</c>, doubling up to <c>max</c>.</summary>
internal struct Backoff(TimeSpan first, TimeSpan max)
{
    private TimeSpan _next = first;

    public Task WaitAsync(CancellationToken cancellation)
    {
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, _next.Ticks * 2));
        return Task.Delay(wait, cancellation);
    }
}
