using RaRlhf.Rl.Reporting;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class TrainingLogsTests
{
    [Fact]
    public void Loader_TrainRunsInSubdirectories_OneSeriesPerRunRootFirst()
    {
        using var dir = new TempDirectory();
        MetricsJsonWriter.Write(Path.Combine(dir.Path, "metrics.json"), new MetricsJsonDocument([new("SFT", new MethodMetrics(1, 0, 30, 0.5, 0.8, 0.9))], "t"));
        IterationLog.Write(Path.Combine(dir.Path, "rlhf", IterationLog.RelativePath), [Record("rlhf", 1, 32), Record("rlhf", 0, 32)]);
        IterationLog.Write(Path.Combine(dir.Path, "ra-rlhf", IterationLog.RelativePath), [Record("ra-rlhf", 0, 32), Record("ra-rlhf", 1, 13)]);
        IterationLog.Write(Path.Combine(dir.Path, IterationLog.RelativePath), [Record("root", 0, 8)]);
        Directory.CreateDirectory(Path.Combine(dir.Path, "eval")); // a subdirectory without a log is not a run

        var report = RunReportLoader.Load(dir.Path);

        Assert.Equal(["root", "ra-rlhf", "rlhf"], report.TrainingRuns.Select(r => r.Name));
        Assert.Equal([32, 13], report.RiskSchedules[1].Value);
        Assert.Equal([0, 1], report.TrainingRuns[2].Value.Select(i => i.Iteration));
        Assert.DoesNotContain(report.Notes, n => n.Contains("iterations.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public void Loader_OnlySubdirectoryLogsAndNoMetrics_ShowsCurvesAndSaysNotEvaluated()
    {
        using var dir = new TempDirectory();
        IterationLog.Write(Path.Combine(dir.Path, "rlhf", IterationLog.RelativePath), [Record("rlhf", 0, 16)]);

        var report = RunReportLoader.Load(dir.Path);

        Assert.Single(report.TrainingRuns);
        Assert.Contains(report.Notes, n => n.Contains("metrics.json is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SameRunNameInTwoFiles_FailsNamingBoth()
    {
        using var dir = new TempDirectory();
        var a = Path.Combine(dir.Path, "a", IterationLog.RelativePath);
        var b = Path.Combine(dir.Path, "b", IterationLog.RelativePath);
        IterationLog.Write(a, [Record("x", 0, 4)]);
        IterationLog.Write(b, [Record("x", 1, 4)]);

        var e = Assert.Throws<InvalidDataException>(() => TrainingLogs.Read(TrainingLogs.Find(dir.Path)));

        Assert.Contains(a, e.Message, StringComparison.Ordinal);
        Assert.Contains(b, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunNamedLikeAMethod_DrawnInThatMethodsColourOthersAfterTheMethods()
    {
        var metrics = new MethodMetrics(1, 0, 30, 0.5, 0.8, 0.9);
        MethodReport[] methods = [new("SFT", metrics, []), new("RLHF", metrics, []), new("RA-RLHF", metrics, [])];
        var report = RunReport.Create("t", false, methods, "tail", [Record("ra-rlhf", 0, 8), Record("other", 0, 8), Record("rlhf", 0, 8)]);

        var html = ReportHtmlWriter.Render(report);

        var chart = html[html.IndexOf("data-chart=\"risk-schedule\"", StringComparison.Ordinal)..];
        Assert.Contains($"data-series=\"ra-rlhf\" d=\"", chart, StringComparison.Ordinal);
        Assert.Equal(Palette.Style(2).Color, StrokeOf(chart, "ra-rlhf"));
        Assert.Equal(Palette.Style(1).Color, StrokeOf(chart, "rlhf"));
        Assert.Equal(Palette.Style(3 + 1).Color, StrokeOf(chart, "other")); // 3 methods, then its position 1
    }

    private static string StrokeOf(string svg, string series)
    {
        var at = svg.IndexOf($"data-series=\"{series}\"", StringComparison.Ordinal);
        var stroke = svg.IndexOf("stroke=\"", at, StringComparison.Ordinal) + "stroke=\"".Length;
        return svg[stroke..svg.IndexOf('"', stroke)];
    }

    private static IterationRecord Record(string run, int iteration, int b0) => new(run, iteration, 0.1 * iteration, 0.01, 0.2, b0);
}
