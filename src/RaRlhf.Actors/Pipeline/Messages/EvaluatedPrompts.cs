using RaRlhf.Actors.Pipeline.Evaluation;

namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>The Evaluator's answer to <see cref="EvaluatePrompts"/>: one episode per prompt, in order.</summary>
public sealed record EvaluatedPrompts(int Batch, IReadOnlyList<EvaluationEpisode> Episodes);
