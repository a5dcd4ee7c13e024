using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Tests;

public sealed class ReportCommandTests
{
    [Fact]
    public void Report_NoMetricsJson_ExitsTwoNamingTheFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rarlhf-report-missing-" + Guid.NewGuid().ToString("N"));
        var (code, _, stderr) = CliRunner.Run("report", "--run", dir);
        Assert.Equal(2, code);
        Assert.Contains(Path.Combine(dir, "metrics.json"), stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MalformedIterationLine_ExitsTwoNamingFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("rarlhf-report-bad-").FullName;
        try
        {
            MetricsJsonWriter.Write(Path.Combine(dir, "metrics.json"), new MetricsJsonDocument([new("m", new MethodMetrics(1, 1, 1, 1, 1, 1))], "t"));
            Directory.CreateDirectory(Path.Combine(dir, "metrics"));
            File.WriteAllText(Path.Combine(dir, "metrics", "iterations.jsonl"), "{\"run\":\"a\",\"iteration\":0,\"reward_mean\":1,\"kl\":0,\"kl_coef\":0.2}\n");
            var (code, _, stderr) = CliRunner.Run("report", "--run", dir);
            Assert.Equal(2, code);
            Assert.Contains("iterations.jsonl:1", stderr, StringComparison.Ordinal);
            Assert.Contains("'b0'", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "report.html")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_DemoDataOverARealRun_RefusesAndKeepsIt()
    {
        var dir = Directory.CreateTempSubdirectory("rarlhf-report-real-").FullName;
        try
        {
            var metrics = Path.Combine(dir, "metrics.json");
            MetricsJsonWriter.Write(metrics, new MetricsJsonDocument([new("real", new MethodMetrics(1, 1, 1, 1, 1, 1))], "t"));
            var before = File.ReadAllText(metrics);
            var (code, _, stderr) = CliRunner.Run("report", "--run", dir, "--demo-data");
            Assert.Equal(2, code);
            Assert.Contains("refuses to overwrite", stderr, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllText(metrics));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
