namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// What one evaluation runs: the prompts (in the order they are batched), the held-out texts whose perplexity is
/// measured (empty = perplexity not measured), batch sizes, the seed and how often progress is reported.
/// Batch k samples with splitmix64(<see cref="Seed"/>, k), so equal plans give every method the same sampling seeds.
/// </summary>
public sealed record EvaluationPlan(IReadOnlyList<EvaluationPrompt> Prompts, IReadOnlyList<int[]> PerplexityTexts, ulong Seed)
{
    public int BatchSize { get; init; } = 32;

    public int PerplexityBatchSize { get; init; } = 8;

    /// <summary>A progress report after at least this many more prompts (or texts), and at the end.</summary>
    public int ProgressEvery { get; init; } = 64;

    /// <summary>How long one batch may take before the evaluator is considered stuck.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The sampling seed of batch <paramref name="batch"/>.</summary>
    public ulong SeedFor(int batch) => RaRlhf.Tensors.SplitMix64.At(Seed, (ulong)batch);
}
