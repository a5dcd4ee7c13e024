namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>The prompts of one iteration: dataset indices and their token ids, in batch order.</summary>
public sealed record PromptBatch(int Iteration, int Epoch, int[] Indices, IReadOnlyList<int[]> Prompts);
