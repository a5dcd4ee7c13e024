using RaRlhf.Cli.Demo;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Tests.Demo;

/// <summary>
/// Jobs that write what TrainJob and EvalJob write (iterations.jsonl + model/, eval/&lt;method&gt;.jsonl + a
/// metrics.json merge) with made-up numbers, and record every call: they test the demo's orchestration only.
/// B0 follows the override: risk.alpha=1 keeps the whole batch, otherwise it halves after the first iteration.
/// </summary>
internal sealed class RecordingJobs : IDemoJobs
{
    public List<DemoTrainStep> Trained { get; } = [];

    public List<DemoEvalStep> Evaluated { get; } = [];

    public int FailEvalOf { get; set; } = -1;

    public Task<int> TrainAsync(DemoTrainStep step, TextWriter output, CancellationToken cancellation)
    {
        Trained.Add(step);
        var name = Path.GetFileName(step.RunDirectory);
        var plain = step.Overrides.Contains("risk.alpha=1");
        IterationLog.Write(Path.Combine(step.RunDirectory, IterationLog.RelativePath),
            Enumerable.Range(0, 4).Select(m => new IterationRecord(name, m, 0.2 * m, 0.05 * m, 0.2, plain || m == 0 ? 16 : 8)));
        Directory.CreateDirectory(step.ModelDirectory);
        File.WriteAllText(Path.Combine(step.ModelDirectory, "config.json"), "{}");
        File.WriteAllBytes(Path.Combine(step.ModelDirectory, "model.safetensors"), [1, 2, 3]);
        output.WriteLine($"fake train {name}");
        return Task.FromResult(0);
    }

    public Task<int> EvalAsync(DemoEvalStep step, TextWriter output, CancellationToken cancellation)
    {
        Evaluated.Add(step);
        if (Evaluated.Count - 1 == FailEvalOf)
        {
            return Task.FromResult(2);
        }

        var offset = Evaluated.Count * 0.1;
        var rows = Enumerable.Range(0, step.PromptCount).Select(i => new PromptEvaluation($"p{i}", i - 5.0, offset + (i % 7))).ToArray();
        EvaluationLog.Write(EvaluationLog.PathFor(step.RunDirectory, step.Method), rows);
        var path = Path.Combine(step.RunDirectory, MetricsJsonWriter.FileName);
        var existing = File.Exists(path) ? MetricsJsonReader.Read(path).Methods.Where(m => m.Name != step.Method).ToList() : [];
        var reward = rows.Average(r => r.CompletionReward);
        existing.Add(new(step.Method, new MethodMetrics(reward, reward - 1, 30 + offset, 0.5, 0.8, 0.9)));
        MetricsJsonWriter.Write(path, new MetricsJsonDocument(existing, $"the 10% of {rows.Length} prompts with the lowest prompt score"));
        return Task.FromResult(0);
    }
}
