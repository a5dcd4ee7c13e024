using Serilog;

namespace RaRlhf.Actors.Actors;

/// <summary>The default dead-letter sink: counts them and logs each at Warning.</summary>
public sealed class LoggingDeadLetterSink(ILogger logger) : IDeadLetterSink
{
    private long _count;

    /// <summary>Dead letters seen so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public void Publish(DeadLetter letter)
    {
        Interlocked.Increment(ref _count);
        logger.Warning("Dead letter {MessageType} to {Recipient}: {Reason}",
            letter.Message.GetType().Name, letter.Recipient, letter.Reason);
    }
}
