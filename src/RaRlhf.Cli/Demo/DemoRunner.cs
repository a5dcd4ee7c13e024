using System.Diagnostics;
using System.Globalization;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// Runs a <see cref="DemoPlan"/>: each step prints one stage line ("demo [3/8] …") and then the job's own progress;
/// finished steps are skipped (<see cref="DemoProgress"/>); the last step orders metrics.json by method, titles it
/// and renders report.html with the report code (RunReportLoader, ReportHtmlWriter), then prints the table.
/// A failing job stops the run with its exit code; re-running the same command resumes.
/// </summary>
internal sealed class DemoRunner(IDemoJobs jobs, TextWriter output)
{
    public async Task<int> RunAsync(DemoPlan plan, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var total = plan.Training.Count + plan.Evaluations.Count + 1;
        var step = 0;
        output.WriteLine($"demo {plan.Task}: {plan.Title} in {plan.RunDirectory} (config {plan.ConfigPath})");
        output.WriteLine($"demo {plan.Task}: {plan.Describe()}");
        foreach (var train in plan.Training)
        {
            step++;
            if (DemoProgress.IsTrained(train))
            {
                Stage(step, total, clock, $"train {train.Method}: already done ({train.ModelDirectory}), skipped");
                continue;
            }

            Stage(step, total, clock, $"train {train.Method} → {train.RunDirectory}");
            var code = await jobs.TrainAsync(train, output, cancellation);
            if (code != 0)
            {
                return Failed($"train {train.Method}", code);
            }

            if (!DemoProgress.IsTrained(train))
            {
                throw new InvalidDataException($"train {train.Method} finished but wrote no model in {train.ModelDirectory}");
            }
        }

        foreach (var eval in plan.Evaluations)
        {
            step++;
            var pending = DemoProgress.EvalPending(eval);
            if (pending is null)
            {
                Stage(step, total, clock, $"eval {eval.Method}: already done ({EvaluationLog.PathFor(eval.RunDirectory, eval.Method)}), skipped");
                continue;
            }

            Stage(step, total, clock, $"eval {eval.Method} ({pending}): {eval.PromptCount} prompts, model {eval.ModelDirectory}" +
                                      (eval.PromptPrefix is null ? "" : $", prefix \"{eval.PromptPrefix}\""));
            var code = await jobs.EvalAsync(eval, output, cancellation);
            if (code != 0)
            {
                return Failed($"eval {eval.Method}", code);
            }

            if (DemoProgress.EvalPending(eval) is { } still)
            {
                throw new InvalidDataException($"eval {eval.Method} finished but its result is incomplete: {still}");
            }
        }

        step++;
        var report = Path.Combine(plan.RunDirectory, ReportHtmlWriter.FileName);
        Stage(step, total, clock, $"report → {report}");
        var rendered = DemoReport.Write(plan.RunDirectory, plan.Title);
        foreach (var note in rendered.Notes)
        {
            output.WriteLine($"demo: note: {note}");
        }

        DemoReport.PrintTable(output, rendered);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo {plan.Task}: done in {clock.Elapsed.TotalSeconds:F0} s: {report}"));
        return 0;
    }

    private void Stage(int step, int total, Stopwatch clock, string what) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo [{step}/{total}] {clock.Elapsed:mm\\:ss} {what}"));

    private int Failed(string what, int code)
    {
        output.WriteLine(code == 130
            ? $"demo: {what} was interrupted; run the same command to resume"
            : $"demo: {what} failed (exit code {code}); fix the problem above and run the same command to resume");
        return code;
    }
}
