namespace RaRlhf.Actors.Actors;

/// <summary>An Ask whose recipient stopped (or did not exist) before it answered.</summary>
public sealed class ActorStoppedException(string actorName, string detail)
    : Exception($"actor '{actorName}' {detail}")
{
    /// <summary>The actor that could not answer.</summary>
    public string ActorName { get; } = actorName;
}
