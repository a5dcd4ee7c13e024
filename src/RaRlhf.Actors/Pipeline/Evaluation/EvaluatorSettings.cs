using RaRlhf.Models.Sampling;

namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// How the <see cref="Roles.Evaluator"/> generates: the sampling options (generation.*; the seed is replaced per batch)
/// and the token ids of the method's prompt prefix (empty for every method but the "prompted" baseline). The prefix
/// conditions generation and perplexity but is never scored or recorded.
/// </summary>
public sealed record EvaluatorSettings(SamplingOptions Sampling, int[] PromptPrefix)
{
    /// <summary>Pads the right of perplexity batches (masked, never scored).</summary>
    public int PadTokenId { get; init; }
}
