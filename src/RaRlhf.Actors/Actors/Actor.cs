namespace RaRlhf.Actors.Actors;

/// <summary>
/// Base class of every actor. The system calls <see cref="ReceiveAsync"/> for one message at a time, so an actor's
/// fields need no locks. A restart (after a failure) discards the instance and creates a fresh one from the factory
/// given to <see cref="ActorSystem.Spawn"/>: state that must survive a restart belongs in persistence.
/// </summary>
public abstract class Actor
{
    private ActorContext? _context;

    /// <summary>The running actor's context: its own reference, the system, the logger and the current reply.</summary>
    protected ActorContext Context =>
        _context ?? throw new InvalidOperationException(
            $"{GetType().Name}: Context is only available once the actor system started the actor (PreStart onwards)");

    internal void Attach(ActorContext context) => _context = context;

    internal Task InvokeReceiveAsync(object message) => ReceiveAsync(message);

    internal Task InvokePreStartAsync() => PreStartAsync();

    internal Task InvokePostStopAsync() => PostStopAsync();

    /// <summary>Handles one message. Throwing hands the failure to the actor's supervisor strategy.</summary>
    protected abstract Task ReceiveAsync(object message);

    /// <summary>Runs before the first message (also after every restart). Throwing counts as a failure.</summary>
    protected virtual Task PreStartAsync() => Task.CompletedTask;

    /// <summary>Runs after the last message of this instance: on stop, and before a restart replaces it.</summary>
    protected virtual Task PostStopAsync() => Task.CompletedTask;

    /// <summary>Answers the message being handled when it came from an Ask; ignored for a Tell.</summary>
    protected void Respond(object? response) => Context.ReplyTo?.Complete(response);
}
