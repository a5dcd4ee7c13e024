using RaRlhf.Rl.Evaluation;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Everything report.html shows, computed once from the run's files: the metrics table, the tail definition,
/// the paper's Figure 1 data (prompt-score histogram, completion-reward distributions, quantile curves) and the
/// training curves of each run (reward, KL, β and the risk schedule B0 per iteration). Methods and runs keep the
/// order they were given in. <see cref="Notes"/> lists what was missing, so the page says so.
/// </summary>
public sealed record RunReport(
    string Title,
    bool Synthetic,
    IReadOnlyList<MethodReport> Methods,
    string TailDefinition,
    DistributionHistogram PromptScoreHistogram,
    IReadOnlyList<NamedValue<DistributionHistogram>> CompletionRewardHistograms,
    IReadOnlyList<NamedValue<IReadOnlyList<QuantileCurvePoint>>> QuantileCurves,
    IReadOnlyList<NamedValue<IReadOnlyList<IterationRecord>>> TrainingRuns,
    IReadOnlyList<string> Notes)
{
    public const int HistogramBins = 30;

    /// <summary>B0(m) of each training run, the risk schedule as it was applied.</summary>
    public IReadOnlyList<NamedValue<IReadOnlyList<int>>> RiskSchedules =>
        TrainingRuns.Select(r => new NamedValue<IReadOnlyList<int>>(r.Name, r.Value.Select(i => i.B0).ToArray())).ToArray();

    public static RunReport Create(
        string title,
        bool synthetic,
        IReadOnlyList<MethodReport> methods,
        string tailDefinition,
        IReadOnlyList<IterationRecord> iterations,
        IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(iterations);
        var duplicate = methods.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"method '{duplicate.Key}' appears twice; method names are unique");
        }

        var allNotes = new List<string>(notes ?? []);

        // One prompt-score histogram: every distinct prompt id once (methods are evaluated on the same prompts).
        var promptScores = methods.SelectMany(m => m.Prompts).DistinctBy(p => p.PromptId).Select(p => p.PromptScore).ToArray();
        var promptHistogram = DistributionHistogram.Create(promptScores, LinearScale.NiceExtent(promptScores, 10), HistogramBins);

        // Completion rewards share one range so the overlaid distributions are comparable.
        var rewardRange = LinearScale.NiceExtent(methods.SelectMany(m => m.CompletionRewards), 10);
        var completion = methods
            .Select(m => new NamedValue<DistributionHistogram>(m.Name, DistributionHistogram.Create(m.CompletionRewards, rewardRange, HistogramBins)))
            .ToArray();

        var curves = methods.Select(m => new NamedValue<IReadOnlyList<QuantileCurvePoint>>(m.Name, CurveOf(m, allNotes))).ToArray();

        var runs = iterations
            .GroupBy(i => i.Run, StringComparer.Ordinal)
            .Select(g => new NamedValue<IReadOnlyList<IterationRecord>>(g.Key, g.OrderBy(i => i.Iteration).ToArray()))
            .ToArray();

        return new RunReport(title, synthetic, methods, tailDefinition, promptHistogram, completion, curves, runs, allNotes);
    }

    private static IReadOnlyList<QuantileCurvePoint> CurveOf(MethodReport method, List<string> notes)
    {
        var usable = method.Prompts.Where(p => double.IsFinite(p.PromptScore) && double.IsFinite(p.CompletionReward)).ToArray();
        if (usable.Length < method.Prompts.Count)
        {
            notes.Add($"{method.Name}: {method.Prompts.Count - usable.Length} of {method.Prompts.Count} prompts have a non-finite score or reward and are left out of its quantile curve");
        }

        return usable.Length == 0
            ? []
            : QuantileCurve.Compute(usable.Select(p => p.PromptScore).ToArray(), usable.Select(p => p.CompletionReward).ToArray());
    }
}
