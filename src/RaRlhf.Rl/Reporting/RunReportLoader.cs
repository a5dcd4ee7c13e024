namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Builds a <see cref="RunReport"/> from a run directory: metrics.json (required), metrics/iterations.jsonl and
/// eval/&lt;method&gt;.jsonl (each optional: a missing one becomes a note on the page and empty plots, not a failure).
/// Malformed files always fail, naming the file and line.
/// </summary>
public static class RunReportLoader
{
    public static RunReport Load(string runDirectory)
    {
        var metrics = MetricsJsonReader.Read(Path.Combine(runDirectory, MetricsJsonWriter.FileName));
        var notes = new List<string>();
        var methods = new List<MethodReport>();
        foreach (var method in metrics.Methods)
        {
            var path = EvaluationLog.PathFor(runDirectory, method.Name);
            IReadOnlyList<PromptEvaluation> prompts = [];
            if (File.Exists(path))
            {
                prompts = EvaluationLog.Read(path);
            }
            else
            {
                notes.Add($"{EvaluationLog.Folder}/{EvaluationLog.FileNameFor(method.Name)} is missing: no per-prompt plots for {method.Name}");
            }

            methods.Add(new MethodReport(method.Name, method.Value, prompts));
        }

        var iterationsPath = Path.Combine(runDirectory, IterationLog.RelativePath);
        IReadOnlyList<IterationRecord> iterations = [];
        if (File.Exists(iterationsPath))
        {
            iterations = IterationLog.Read(iterationsPath);
        }
        else
        {
            notes.Add($"{IterationLog.RelativePath} is missing: no training curves");
        }

        return RunReport.Create(metrics.Title, metrics.Synthetic, methods, metrics.TailDefinition, iterations, notes);
    }
}
