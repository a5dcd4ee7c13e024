using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Cli.Demo;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Tests.Demo;

public sealed class DemoRunnerTests
{
    private static readonly string[] MetricKeys = ["reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"];

    [Fact]
    public async Task Run_FreshDirectory_TrainsBothEvaluatesFiveAndWritesMetricsAndReport()
    {
        using var fixture = new DemoFixture();
        var jobs = new RecordingJobs();
        var output = new StringWriter();

        var code = await new DemoRunner(jobs, output).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        Assert.Equal([Path.Combine(fixture.Run, "rlhf"), Path.Combine(fixture.Run, "ra-rlhf")], jobs.Trained.Select(t => t.RunDirectory));
        Assert.Contains("risk.alpha=1", jobs.Trained[0].Overrides);
        Assert.DoesNotContain(jobs.Trained[1].Overrides, o => o.StartsWith("risk.alpha", StringComparison.Ordinal));
        Assert.Equal(DemoMethods.All, jobs.Evaluated.Select(e => e.Method));
        Assert.All(jobs.Evaluated, e => Assert.Equal(12, e.PromptCount));
        Assert.Equal([null, "prompted base", null, null, null], jobs.Evaluated.Select(e => e.PromptPrefix is null ? null : e.Method));
        Assert.Equal(Path.Combine(fixture.Assets, "base"), jobs.Evaluated[1].ModelDirectory);
        Assert.Equal(Path.Combine(fixture.Assets, "sft"), jobs.Evaluated[2].ModelDirectory);
        Assert.Equal(jobs.Trained[1].ModelDirectory, jobs.Evaluated[4].ModelDirectory);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "metrics.json")));
        var methods = metrics.RootElement.GetProperty("methods").EnumerateObject().ToArray();
        Assert.Equal(DemoMethods.All, methods.Select(m => m.Name));
        Assert.All(methods, m => Assert.Equal(MetricKeys, m.Value.EnumerateObject().Select(p => p.Name)));
        Assert.Contains("lowest prompt score", metrics.RootElement.GetProperty("tail").GetProperty("definition").GetString(), StringComparison.Ordinal);
        Assert.Equal("IMDB-Gen test demo", metrics.RootElement.GetProperty("title").GetString());

        var html = File.ReadAllText(Path.Combine(fixture.Run, "report.html"));
        foreach (var id in ReportHtmlWriter.ChartIds)
        {
            Assert.Contains($"data-chart=\"{id}\"", html, StringComparison.Ordinal);
        }

        var report = RunReportLoader.Load(fixture.Run);
        Assert.Equal(["ra-rlhf", "rlhf"], report.TrainingRuns.Select(r => r.Name));
        Assert.Equal([16, 8, 8, 8], report.RiskSchedules[0].Value);
        Assert.Empty(report.Notes);
        Assert.Contains("demo [8/8]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("fake train ra-rlhf", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SecondTime_SkipsEveryFinishedStep()
    {
        using var fixture = new DemoFixture();
        await new DemoRunner(new RecordingJobs(), TextWriter.Null).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);
        var again = new RecordingJobs();
        var output = new StringWriter();

        var code = await new DemoRunner(again, output).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Empty(again.Trained);
        Assert.Empty(again.Evaluated);
        Assert.Equal(7, output.ToString().Split('\n').Count(l => l.Contains("already done", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(fixture.Run, "report.html")));
    }

    [Fact]
    public async Task Run_EvalFailedThenRerun_StopsThenRunsOnlyWhatIsMissing()
    {
        using var fixture = new DemoFixture();
        var failing = new RecordingJobs { FailEvalOf = 3 };
        var output = new StringWriter();

        var code = await new DemoRunner(failing, output).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal(4, failing.Evaluated.Count);
        Assert.Contains("eval RLHF failed (exit code 2)", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Run, "report.html")));

        var resumed = new RecordingJobs();
        Assert.Equal(0, await new DemoRunner(resumed, TextWriter.Null).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None));
        Assert.Empty(resumed.Trained);
        Assert.Equal([DemoMethods.Rlhf, DemoMethods.RaRlhf], resumed.Evaluated.Select(e => e.Method));
    }

    [Fact]
    public async Task Run_ModelRetrainedOrEvalNotMerged_EvaluatesThoseAgain()
    {
        using var fixture = new DemoFixture();
        var first = new RecordingJobs();
        await new DemoRunner(first, TextWriter.Null).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);
        // RLHF retrained after its evaluation: its eval file is older than its weights.
        File.SetLastWriteTimeUtc(EvaluationLog.PathFor(fixture.Run, DemoMethods.Rlhf), DateTime.UtcNow.AddMinutes(-5));
        var metricsPath = Path.Combine(fixture.Run, "metrics.json");
        var metrics = MetricsJsonReader.Read(metricsPath);
        MetricsJsonWriter.Write(metricsPath, metrics with { Methods = metrics.Methods.Where(m => m.Name != DemoMethods.Base).ToArray() });

        var again = new RecordingJobs();
        await new DemoRunner(again, TextWriter.Null).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);

        Assert.Equal([DemoMethods.Base, DemoMethods.Rlhf], again.Evaluated.Select(e => e.Method));
        Assert.Equal(DemoMethods.All, MetricsJsonReader.Read(metricsPath).Methods.Select(m => m.Name));
    }

    [Fact]
    public void Plan_MissingAsset_NamesTheFileAndThePrepareCommand()
    {
        using var fixture = new DemoFixture();
        File.Delete(Path.Combine(fixture.Assets, "reward", "model.safetensors"));

        var e = Assert.Throws<DemoInputException>(() => DemoPlan.Create(fixture.Options()));

        Assert.Contains(Path.Combine(fixture.Assets, "reward", "model.safetensors"), e.Message, StringComparison.Ordinal);
        Assert.Contains("./rarlhf prepare imdb", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(fixture.Run));
    }

    [Fact]
    public void Plan_SameRunWithOtherOptions_IsRefused()
    {
        using var fixture = new DemoFixture();
        DemoPlan.Create(fixture.Options());

        var e = Assert.Throws<DemoInputException>(() => DemoPlan.Create(fixture.Options("ppo.learning_rate = 1e-3")));

        Assert.Contains("other options", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ComposedConfig_ScalesWarmupToTheRunAndLetsSetWin()
    {
        using var fixture = new DemoFixture();

        var plan = DemoPlan.Create(fixture.Options("run.iterations = 20"));

        // IMDB overlay (α 0.4, ρ 0.95) + demo.conf (warmup_fraction 0.1546) + quick sizes + --set: n = round(0.1546 · 20) = 3.
        var config = ConfigLoader.LoadFile(plan.ConfigPath);
        Assert.Equal(3, config.GetInt("risk.warmup"));
        Assert.Equal(20, config.GetInt("run.iterations"));
        Assert.Equal(0.4, config.GetDouble("risk.alpha"));
        Assert.Equal(16, config.GetInt("ppo.batch_size"));
        Assert.Equal(Path.Combine(fixture.Assets, "sft"), config.GetString("model.policy"));
        Assert.Equal(Path.Combine(fixture.Assets, "reward"), config.GetString("reward.scorers.classifier.model"));
        Assert.Equal(Path.Combine(fixture.Assets, "tokenizer", "tokenizer.json"), config.GetString("model.tokenizer"));
        Assert.Contains("α = 0.4, n = 3, ρ = 0.95", plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ZeroIterations_IsRejectedNamingTheKey()
    {
        using var fixture = new DemoFixture();

        var e = Assert.Throws<Actors.Configuration.Settings.ConfigValidationException>(() => DemoPlan.Create(fixture.Options("run.iterations = 0")));

        Assert.Contains("run.iterations", e.Message, StringComparison.Ordinal);
    }
}
