namespace RaRlhf.Actors.Actors;

/// <summary>Per-actor settings given to <see cref="ActorSystem.Spawn"/>.</summary>
public sealed record ActorOptions
{
    /// <summary>64 messages, the default supervisor strategy.</summary>
    public static ActorOptions Default { get; } = new();

    /// <summary>Bound of the mailbox: a Tell waits (backpressure) while it holds this many messages.</summary>
    public int MailboxCapacity { get; init; } = 64;

    /// <summary>What happens when the actor throws.</summary>
    public SupervisorStrategy Supervision { get; init; } = SupervisorStrategy.Default;

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MailboxCapacity < 1)
        {
            throw new ArgumentException($"actor options: MailboxCapacity must be ≥ 1, got {MailboxCapacity}",
                nameof(MailboxCapacity));
        }

        Supervision.Validate();
    }
}
