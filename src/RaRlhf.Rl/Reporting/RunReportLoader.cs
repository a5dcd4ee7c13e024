namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Builds a <see cref="RunReport"/> from a run directory: metrics.json, metrics/iterations.jsonl and
/// eval/&lt;method&gt;.jsonl. A training run that has not been evaluated yet has no metrics.json; it still gets its
/// training curves. A missing file becomes a note on the page and empty plots, not a failure; a directory with
/// neither metrics.json nor iterations is an error. Malformed files always fail, naming the file and line.
/// </summary>
public static class RunReportLoader
{
    public static RunReport Load(string runDirectory)
    {
        var metricsPath = Path.Combine(runDirectory, MetricsJsonWriter.FileName);
        var iterationsPath = Path.Combine(runDirectory, IterationLog.RelativePath);
        var notes = new List<string>();
        MetricsJsonDocument metrics;
        if (File.Exists(metricsPath) || !File.Exists(iterationsPath))
        {
            metrics = MetricsJsonReader.Read(metricsPath);
        }
        else
        {
            metrics = new MetricsJsonDocument([], "not evaluated yet");
            notes.Add($"{MetricsJsonWriter.FileName} is missing: the run has not been evaluated, so only training curves are shown");
        }

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
