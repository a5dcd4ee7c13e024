using RaRlhf.Tensors.IO;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// `rarlhf experiment TASK --seeds N`: one demo run per seed in RUN/seed-S (S = 0 … N−1, run.seed = S, the
/// experiment overlay's sizes), each resumable like `demo`; then RUN/results.md (mean ± std per method, the
/// scientific bar) and RUN's own metrics.json and report.html (<see cref="ExperimentReport"/>).
/// </summary>
internal sealed class ExperimentRunner(IDemoJobs jobs, TextWriter output)
{
    public const string ResultsFile = "results.md";

    public async Task<int> RunAsync(DemoOptions options, int seeds, CancellationToken cancellation)
    {
        if (seeds < 1)
        {
            throw new DemoInputException($"--seeds must be ≥ 1 (got {seeds})");
        }

        var root = Path.GetFullPath(options.RunDirectory);
        var runs = new List<(int Seed, string RunDirectory)>();
        for (var seed = 0; seed < seeds; seed++)
        {
            var dir = Path.Combine(root, $"seed-{seed}");
            output.WriteLine($"experiment {options.Task}: seed {seed + 1}/{seeds} → {dir}");
            var plan = DemoPlan.Create(options with
            {
                RunDirectory = dir,
                Title = $"{options.Title}, seed {seed}",
                Sets = [.. options.Sets, $"run.seed = {seed}"],
            });
            var code = await new DemoRunner(jobs, output).RunAsync(plan, cancellation);
            if (code != 0)
            {
                return code;
            }

            runs.Add((seed, dir));
        }

        var summary = ExperimentSummary.Read(runs);
        var bar = ScientificBar.Check(summary);
        var title = $"{options.Title}: {seeds} seeds";
        var results = ResultsMarkdown.Render(title, summary, bar);
        AtomicFile.WriteAllText(Path.Combine(root, ResultsFile), results);
        var report = ExperimentReport.Write(root, title, summary, runs);
        foreach (var note in report.Notes)
        {
            output.WriteLine($"experiment: note: {note}");
        }

        output.Write(results);
        output.WriteLine($"experiment {options.Task}: {Path.Combine(root, ResultsFile)}, {Path.Combine(root, "report.html")}");
        return 0;
    }
}
