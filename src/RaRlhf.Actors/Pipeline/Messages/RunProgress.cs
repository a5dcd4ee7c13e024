namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>The Coordinator's answer to <see cref="RunIterations"/>: iterations complete and the current policy.</summary>
public sealed record RunProgress(int CompletedIterations, PolicyPublished Policy);
