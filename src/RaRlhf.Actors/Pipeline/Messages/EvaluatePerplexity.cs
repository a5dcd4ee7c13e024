namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to the Evaluator: the per-token NLL of each held-out text (token ids, ≥ 2 each) under its model.</summary>
public sealed record EvaluatePerplexity(int Batch, IReadOnlyList<int[]> Texts);
