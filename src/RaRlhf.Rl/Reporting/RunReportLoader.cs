namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Builds a <see cref="RunReport"/> from a run directory: metrics.json, metrics/iterations.jsonl (its own and its
/// subdirectories', see <see cref="TrainingLogs"/>) and eval/&lt;method&gt;.jsonl. A training run that has not been evaluated yet has no metrics.json; it still gets its
/// training curves. A missing file becomes a note on the page and empty plots, not a failure; a directory with
/// neither metrics.json nor iterations is an error. Malformed files always fail, naming the file and line.
/// </summary>
public static class RunReportLoader
{
    public static RunReport Load(string runDirectory)
    {
        var metricsPath = Path.Combine(runDirectory, MetricsJsonWriter.FileName);
        var trainingLogs = TrainingLogs.Find(runDirectory);
        var notes = new List<string>();
        MetricsJsonDocument metrics;
        if (File.Exists(metricsPath) || trainingLogs.Count == 0)
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

        var iterations = TrainingLogs.Read(trainingLogs);
        if (trainingLogs.Count == 0)
        {
            notes.Add($"{IterationLog.RelativePath} is missing (here and in every subdirectory): no training curves");
        }

        return RunReport.Create(metrics.Title, metrics.Synthetic, methods, metrics.TailDefinition, iterations, notes);
    }
}
