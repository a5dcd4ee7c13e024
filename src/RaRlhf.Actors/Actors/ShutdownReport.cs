namespace RaRlhf.Actors.Actors;

/// <summary>The outcome of <see cref="ActorSystem.ShutdownAsync"/>: messages handed back, by actor name.</summary>
public sealed record ShutdownReport(IReadOnlyDictionary<string, IReadOnlyList<object>> Undelivered)
{
    /// <summary>All handed-back messages.</summary>
    public int UndeliveredCount => Undelivered.Values.Sum(messages => messages.Count);
}
