using Serilog;

namespace RaRlhf.Actors.Actors;

/// <summary>What a running actor knows about itself and the message it is handling.</summary>
public sealed class ActorContext
{
    internal ActorContext(ActorRef self, ActorSystem system, ILogger logger, CancellationToken stopping)
    {
        Self = self;
        System = system;
        Logger = logger;
        Stopping = stopping;
    }

    /// <summary>This actor's own reference (give it to others so they can reply by Tell).</summary>
    public ActorRef Self { get; }

    /// <summary>The system that hosts the actor (spawn siblings, look up actors by name).</summary>
    public ActorSystem System { get; }

    /// <summary>The system's logger with the actor's name attached as property <c>Actor</c>.</summary>
    public ILogger Logger { get; }

    /// <summary>Cancelled when a stop's timeout expired: long-running handlers should observe it.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>The reply of the current message when it came from an Ask, else null. Keep it to answer later.</summary>
    public ReplyHandle? ReplyTo { get; internal set; }

    /// <summary>How many times the current message was delivered (1, or more after a restart re-delivered it).</summary>
    public int DeliveryCount { get; internal set; }
}
