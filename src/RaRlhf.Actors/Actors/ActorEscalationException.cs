namespace RaRlhf.Actors.Actors;

/// <summary>
/// An actor failed more often than its supervisor strategy allows: the whole system stops with this error.
/// </summary>
public sealed class ActorEscalationException(string actorName, int failures, TimeSpan window, Exception cause)
    : Exception(
        $"actor '{actorName}' failed {failures} times within {window.TotalSeconds:0.###} s; " +
        $"the actor system stopped. Last failure: {cause.GetType().Name}: {cause.Message}", cause)
{
    /// <summary>The actor whose failures escalated.</summary>
    public string ActorName { get; } = actorName;
}
