namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>Every episode in plan order, and per perplexity text the NLL (nats) of each scored token.</summary>
public sealed record EvaluationResult(IReadOnlyList<EvaluationEpisode> Episodes, IReadOnlyList<float[]> TokenNlls);
