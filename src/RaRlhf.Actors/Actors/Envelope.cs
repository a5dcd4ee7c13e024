namespace RaRlhf.Actors.Actors;

/// <summary>A message in a mailbox with its optional Ask reply and how often it was delivered.</summary>
internal sealed class Envelope(object message, ReplyHandle? reply)
{
    public object Message { get; } = message;

    public ReplyHandle? Reply { get; } = reply;

    public int DeliveryCount { get; set; }
}
