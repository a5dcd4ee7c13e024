namespace RaRlhf.Actors.Configuration.Settings;

/// <summary>
/// <c>eval { }</c>: `rarlhf eval` batching, default prompt count, progress, the tail definition and the held-out
/// texts of the perplexity metric (docs/evaluation.md).
/// </summary>
public sealed record EvalSection(
    int BatchSize,
    int Count,
    int ProgressEvery,
    string TailMethod,
    double TailQuantile,
    double TailThreshold,
    string PerplexityTexts,
    string PerplexityTextColumn,
    int PerplexityLabel,
    int PerplexityCount,
    int PerplexityMaxTokens,
    int PerplexityBatchSize)
{
    public static EvalSection Read(SettingsReader r) => new(
        r.Int("batch_size", v => v > 0, "must be > 0"),
        r.Int("count", v => v >= 0, "must be ≥ 0 (0 = every prompt)"),
        r.Int("progress_every", v => v > 0, "must be > 0"),
        r.Choice("tail.method", "quantile", "threshold"),
        r.Double("tail.quantile", v => v is > 0 and <= 1, "must be in (0, 1]"),
        r.Double("tail.threshold", double.IsFinite, "must be a finite number"),
        r.String("perplexity.texts", p => p.Length > 0, "must be validation, off or a .csv/.jsonl file"),
        r.String("perplexity.text_column", c => c.Length > 0, "must name a column"),
        r.Int("perplexity.label", _ => true, ""),
        r.Int("perplexity.count", v => v > 0, "must be > 0"),
        r.Int("perplexity.max_tokens", v => v >= 2, "must be ≥ 2 (the first token of a text is not scored)"),
        r.Int("perplexity.batch_size", v => v > 0, "must be > 0"));
}
