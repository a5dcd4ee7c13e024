using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// The experiment directory's own report: metrics.json = the mean over seeds of each value, eval/&lt;method&gt;.jsonl
/// = every seed's prompts pooled (ids "seed-S/ID"), metrics/iterations.jsonl = every seed's training runs (named
/// "RUN seed S"). All three are derived from the seed directories and rewritten each time; report.html renders them.
/// </summary>
internal static class ExperimentReport
{
    public static RunReport Write(string directory, string title, ExperimentSummary summary, IReadOnlyList<(int Seed, string RunDirectory)> runs)
    {
        foreach (var method in summary.Methods.Select(m => m.Name))
        {
            var pooled = runs.SelectMany(r =>
            {
                var file = EvaluationLog.PathFor(r.RunDirectory, method);
                return File.Exists(file)
                    ? EvaluationLog.Read(file).Select(p => p with { PromptId = $"seed-{r.Seed}/{p.PromptId}" })
                    : [];
            });
            EvaluationLog.Write(EvaluationLog.PathFor(directory, method), pooled.ToArray());
        }

        var iterations = runs.SelectMany(r => TrainingLogs.Read(TrainingLogs.Find(r.RunDirectory))
            .Select(i => i with { Run = $"{i.Run} seed {r.Seed}" }));
        IterationLog.Write(Path.Combine(directory, IterationLog.RelativePath), iterations.ToArray());
        MetricsJsonWriter.Write(Path.Combine(directory, MetricsJsonWriter.FileName), summary.MeanDocument(title));
        var report = RunReportLoader.Load(directory);
        ReportHtmlWriter.Write(Path.Combine(directory, ReportHtmlWriter.FileName), report);
        return report;
    }
}
