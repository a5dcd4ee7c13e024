using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// What of a demo run is already done, from its files alone (so a re-run skips it): a training run is done when its
/// model directory holds config.json and model.safetensors (TrainJob writes it atomically at the end); an
/// evaluation is done when metrics.json lists the method (EvalJob merges it after writing the eval file), its eval
/// file reads back with at least one row, and the file is not older than the model it evaluated.
/// </summary>
internal static class DemoProgress
{
    public static bool IsTrained(DemoTrainStep step) => HasModel(step.ModelDirectory);

    public static bool HasModel(string directory) =>
        File.Exists(Path.Combine(directory, "config.json")) && File.Exists(Path.Combine(directory, "model.safetensors"));

    /// <summary>Null when the evaluation is complete and current, else why it has to run.</summary>
    public static string? EvalPending(DemoEvalStep step)
    {
        var file = EvaluationLog.PathFor(step.RunDirectory, step.Method);
        var metrics = Path.Combine(step.RunDirectory, MetricsJsonWriter.FileName);
        if (!File.Exists(file))
        {
            return "not evaluated yet";
        }

        if (!File.Exists(metrics) || MetricsJsonReader.Read(metrics).Methods.All(m => m.Name != step.Method))
        {
            return $"{MetricsJsonWriter.FileName} does not list it (the last evaluation did not finish)";
        }

        if (EvaluationLog.Read(file).Count == 0)
        {
            return $"{file} is empty";
        }

        var weights = Path.Combine(step.ModelDirectory, "model.safetensors");
        return File.Exists(weights) && File.GetLastWriteTimeUtc(weights) > File.GetLastWriteTimeUtc(file)
            ? "its model is newer than its evaluation"
            : null;
    }
}
