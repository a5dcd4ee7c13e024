namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to a RolloutWorker: generate responses for <paramref name="Prompts"/> with policy
/// <paramref name="PolicyVersion"/> (the worker refuses any other version: max staleness 0).</summary>
public sealed record Generate(PromptBatch Prompts, long PolicyVersion);
