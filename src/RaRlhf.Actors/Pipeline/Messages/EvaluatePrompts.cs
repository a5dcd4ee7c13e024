using RaRlhf.Actors.Pipeline.Evaluation;

namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to the Evaluator: generate a completion for each prompt with sampling seed
/// <paramref name="Seed"/>, then score the prompts alone and the prompt + completion pairs.</summary>
public sealed record EvaluatePrompts(int Batch, IReadOnlyList<EvaluationPrompt> Prompts, ulong Seed);
