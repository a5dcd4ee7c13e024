namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>The Evaluator's answer to <see cref="EvaluatePerplexity"/>: per text, the NLL (nats) of tokens 1…L−1.</summary>
public sealed record EvaluatedPerplexity(int Batch, IReadOnlyList<float[]> TokenNlls);
