namespace RaRlhf.Actors.Actors;

/// <summary>
/// The address of a spawned actor. Every send goes through its bounded mailbox: <see cref="TellAsync"/> waits
/// while the mailbox is full (backpressure), <see cref="TryTell"/> reports a full mailbox instead of waiting.
/// Sends to a stopped actor become dead letters.
/// </summary>
public sealed class ActorRef
{
    private readonly ActorCell _cell;

    internal ActorRef(ActorCell cell) => _cell = cell;

    /// <summary>The actor's unique name in its system.</summary>
    public string Name => _cell.Name;

    /// <summary>Sends a message, waiting for mailbox capacity.</summary>
    public ValueTask TellAsync(object message, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _cell.EnqueueAsync(new Envelope(message, null), cancellation);
    }

    /// <summary>Sends a message if the mailbox has room now; false when full or stopped.</summary>
    public bool TryTell(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _cell.TryEnqueue(new Envelope(message, null));
    }

    /// <summary>
    /// Sends a message and awaits the actor's <see cref="Actor.Respond"/>. The timeout covers waiting for mailbox
    /// capacity and for the answer. Throws <see cref="AskTimeoutException"/> on timeout, the actor's exception when
    /// it failed on this message (and does not re-deliver it), <see cref="ActorStoppedException"/> when it stopped.
    /// </summary>
    public async Task<TResponse> AskAsync<TResponse>(object message, TimeSpan timeout,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reply = new ReplyHandle();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        object? response;
        try
        {
            await _cell.EnqueueAsync(new Envelope(message, reply), deadline.Token).ConfigureAwait(false);
            response = await reply.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            reply.Abandon();
            throw new AskTimeoutException(Name, message.GetType(), timeout);
        }
        catch (OperationCanceledException)
        {
            reply.Abandon();
            throw;
        }

        return response switch
        {
            TResponse typed => typed,
            null when default(TResponse) is null => default!,
            _ => throw new InvalidCastException(
                $"actor '{Name}' answered {message.GetType().Name} with {response?.GetType().Name ?? "null"}, " +
                $"but the asker expected {typeof(TResponse).Name}"),
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"actor '{Name}'";
}
