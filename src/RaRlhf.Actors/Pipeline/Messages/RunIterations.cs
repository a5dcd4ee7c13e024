namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to the Coordinator: run iterations until <paramref name="Until"/> are complete (exclusive).</summary>
public sealed record RunIterations(int Until);
