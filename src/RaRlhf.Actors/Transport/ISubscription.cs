namespace RaRlhf.Actors.Transport;

/// <summary>A subscriber of a fanout topic: it gets every message published after it subscribed, in order.</summary>
public interface ISubscription : IAsyncDisposable
{
    /// <summary>The next published message; waits while none is buffered.</summary>
    ValueTask<TransportMessage> ReceiveAsync(CancellationToken cancellation = default);
}
