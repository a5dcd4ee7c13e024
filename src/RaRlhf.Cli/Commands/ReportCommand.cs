using System.CommandLine;
using System.Text.Json;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf report --run DIR`: re-renders DIR/report.html from DIR/metrics.json, DIR/metrics/iterations.jsonl and
/// DIR/eval/&lt;method&gt;.jsonl (docs/report.md). `--demo-data` first writes a synthetic run into DIR.
/// </summary>
internal sealed class ReportCommand : ICliCommand
{
    public Command Create()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "Run directory holding metrics.json (report.html is written there).", Required = true };
        var demo = new Option<bool>("--demo-data") { Description = "Write a SYNTHETIC run into --run first (an empty or synthetic directory), to try the renderer." };
        var command = new Command("report", "Render report.html of a run directory from its metrics files.");
        command.Options.Add(run);
        command.Options.Add(demo);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(run)!.FullName;
            try
            {
                if (parse.GetValue(demo))
                {
                    RefuseRealRun(dir);
                    SyntheticRun.Write(dir);
                    Console.WriteLine($"wrote a SYNTHETIC run into {dir}");
                }

                var report = RunReportLoader.Load(dir);
                foreach (var note in report.Notes)
                {
                    Console.Error.WriteLine($"report: note: {note}");
                }

                var path = Path.Combine(dir, ReportHtmlWriter.FileName);
                ReportHtmlWriter.Write(path, report);
                Console.WriteLine($"wrote {path} ({report.Methods.Count} methods, {report.TrainingRuns.Count} training runs)");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or JsonException)
            {
                Console.Error.WriteLine($"report: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    // --demo-data must never overwrite a real run's results with made-up numbers.
    private static void RefuseRealRun(string dir)
    {
        var metrics = Path.Combine(dir, MetricsJsonWriter.FileName);
        if (File.Exists(metrics) && !MetricsJsonReader.Read(metrics).Synthetic)
        {
            throw new IOException($"{metrics} holds a real run (not \"synthetic\": true); --demo-data refuses to overwrite it: choose an empty directory");
        }
    }
}
