using System.Globalization;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// The demo's last step: metrics.json rewritten with the five methods in table order (then any other method a user
/// evaluated into the run) and the run's title, then report.html from the run directory (docs/report.md).
/// </summary>
internal static class DemoReport
{
    public static RunReport Write(string runDirectory, string title)
    {
        var path = Path.Combine(runDirectory, MetricsJsonWriter.FileName);
        var metrics = MetricsJsonReader.Read(path);
        var ordered = metrics.Methods.OrderBy(m => Rank(m.Name)).ToArray(); // stable: other methods keep their order
        MetricsJsonWriter.Write(path, metrics with { Methods = ordered, Title = title });
        var report = RunReportLoader.Load(runDirectory);
        ReportHtmlWriter.Write(Path.Combine(runDirectory, ReportHtmlWriter.FileName), report);
        return report;
    }

    private static int Rank(string method)
    {
        for (var i = 0; i < DemoMethods.All.Count; i++)
        {
            if (DemoMethods.All[i] == method)
            {
                return i;
            }
        }

        return DemoMethods.All.Count;
    }

    public static void PrintTable(TextWriter output, RunReport report)
    {
        output.WriteLine($"{"method",-16}{"reward",9}{"tail",9}{"ppl",9}{"dist1",8}{"dist2",8}{"dist3",8}");
        foreach (var method in report.Methods)
        {
            var m = method.Metrics;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{method.Name,-16}{m.Reward,9:F3}{m.TailReward,9:F3}{m.Perplexity,9:F2}{m.Dist1,8:F3}{m.Dist2,8:F3}{m.Dist3,8:F3}"));
        }

        output.WriteLine($"tail: {report.TailDefinition}");
    }
}
