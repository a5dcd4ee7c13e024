namespace RaRlhf.Rl.Reporting;

/// <summary>One evaluated method: its table row and, when its eval file was there, the per-prompt results behind it.</summary>
public sealed record MethodReport(string Name, MethodMetrics Metrics, IReadOnlyList<PromptEvaluation> Prompts)
{
    public IReadOnlyList<double> PromptScores => Prompts.Select(p => p.PromptScore).ToArray();

    public IReadOnlyList<double> CompletionRewards => Prompts.Select(p => p.CompletionReward).ToArray();
}
