namespace RaRlhf.Actors.Actors;

/// <summary>An Ask that got no answer within its timeout.</summary>
public sealed class AskTimeoutException(string actorName, Type messageType, TimeSpan timeout)
    : TimeoutException($"actor '{actorName}' did not answer {messageType.Name} within {timeout.TotalMilliseconds:0} ms")
{
    /// <summary>The actor that was asked.</summary>
    public string ActorName { get; } = actorName;
}
