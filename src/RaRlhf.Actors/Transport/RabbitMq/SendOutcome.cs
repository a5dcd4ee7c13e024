namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>What the broker said to one publish attempt.</summary>
public enum SendOutcome
{
    /// <summary>Stored (persistent, confirmed by the broker).</summary>
    Accepted,

    /// <summary>
    /// Refused because the queue (or a topic subscriber's buffer) is at its length limit
    /// (<c>x-overflow = reject-publish</c>): back off and try again, which is what the waiting sends do.
    /// </summary>
    Full,
}
