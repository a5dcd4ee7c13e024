namespace RaRlhf.Actors.Actors;

/// <summary>Receives every dead letter of an actor system (count them, log them, alert on them).</summary>
public interface IDeadLetterSink
{
    /// <summary>Called once per undeliverable message; must not throw or block.</summary>
    void Publish(DeadLetter letter);
}
