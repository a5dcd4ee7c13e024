using System.Text.Json;
using RaRlhf.Cli.Demo;
using RaRlhf.Rl.Reporting;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests.Demo;

/// <summary>
/// The demo through the real jobs (TrainJob, EvalJob) at tiny scale: a random 2-layer / 32-dim policy as base and SFT,
/// a random classifier as reward, a 320-token BPE and an IMDB-shaped CSV, 2 iterations of 8 prompts per run.
/// </summary>
public sealed class DemoEndToEndTests
{
    private static readonly string[] MetricKeys = ["reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"];

    private static readonly string[] TinySets =
    [
        "run.iterations = 2", "ppo.batch_size = 8", "ppo.mini_batch_size = 8", "generation.prompt_tokens = 12",
        "generation.gen_len = 6", "eval.perplexity.max_tokens = 18", "eval.batch_size = 4", "logging.console.enabled = off",
        "demo.prompt_prefix.imdb = \"the cat sat on the mat. \"",
    ];

    [Fact]
    public async Task Demo_TinyAssetsRealJobs_WritesMetricsJsonReportAndResumesWithoutWork()
    {
        var tiny = new TrainFixture();
        var assets = TinyAssets(tiny);
        var run = tiny.NewRun();
        var options = new DemoOptions("imdb", run, "tiny demo", DemoFixture.QuickOverlays(), assets, tiny.Data, TinySets);
        var output = new StringWriter();

        var code = await new DemoRunner(new PipelineJobs(), output).RunAsync(DemoPlan.Create(options), CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var methods = metrics.RootElement.GetProperty("methods").EnumerateObject().ToArray();
        Assert.Equal(DemoMethods.All, methods.Select(m => m.Name));
        Assert.All(methods, m => Assert.Equal(MetricKeys, m.Value.EnumerateObject().Select(p => p.Name)));
        Assert.All(methods, m => Assert.Equal(JsonValueKind.Number, m.Value.GetProperty("reward").ValueKind));
        Assert.False(string.IsNullOrWhiteSpace(metrics.RootElement.GetProperty("tail").GetProperty("definition").GetString()));
        var report = RunReportLoader.Load(run);
        Assert.Equal(["ra-rlhf", "rlhf"], report.TrainingRuns.Select(r => r.Name));
        Assert.All(report.TrainingRuns, r => Assert.Equal(2, r.Value.Count));
        Assert.All(report.Methods, m => Assert.Equal(report.Methods[0].Prompts.Select(p => p.PromptId), m.Prompts.Select(p => p.PromptId)));
        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.All(ReportHtmlWriter.ChartIds, id => Assert.Contains($"data-chart=\"{id}\"", html, StringComparison.Ordinal));

        var again = new StringWriter();
        Assert.Equal(0, await new DemoRunner(new PipelineJobs(), again).RunAsync(DemoPlan.Create(options), CancellationToken.None));
        Assert.Equal(7, again.ToString().Split('\n').Count(l => l.Contains("already done", StringComparison.Ordinal)));
        Directory.Delete(tiny.Root, recursive: true);
    }

    [Fact]
    public async Task Experiment_TinyAssetsRealJobsTwoSeeds_WritesResultsWithMeanStdAndTheBar()
    {
        var tiny = new TrainFixture();
        var run = tiny.NewRun();
        IReadOnlyList<string> overlays =
        [
            Path.Combine(TestData.RepoRoot, "hocon", "tasks", "imdb.conf"),
            Path.Combine(TestData.RepoRoot, "hocon", "demo.conf"),
            Path.Combine(TestData.RepoRoot, "hocon", "experiment.conf"),
        ];
        var options = new DemoOptions("imdb", run, "tiny experiment", overlays, TinyAssets(tiny), tiny.Data,
            [.. TinySets, "eval.perplexity.count = 4"]);
        var output = new StringWriter();

        var code = await new ExperimentRunner(new PipelineJobs(), output).RunAsync(options, 2, CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        var results = File.ReadAllText(Path.Combine(run, ExperimentRunner.ResultsFile));
        Assert.All(DemoMethods.All, m => Assert.Contains($"| {m} |", results, StringComparison.Ordinal));
        Assert.Contains(" ± ", results, StringComparison.Ordinal);
        Assert.Equal(3, results.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.Equal(DemoMethods.All, MetricsJsonReader.Read(Path.Combine(run, "metrics.json")).Methods.Select(m => m.Name));
        Assert.Equal(4, RunReportLoader.Load(run).TrainingRuns.Count);
        Directory.Delete(tiny.Root, recursive: true);
    }

    private static string TinyAssets(TrainFixture tiny)
    {
        var assets = Path.Combine(tiny.Root, "assets");
        Copy(tiny.Tokenizer, Path.Combine(assets, "tokenizer"));
        Copy(tiny.Policy, Path.Combine(assets, "base"));
        Copy(tiny.Policy, Path.Combine(assets, "sft"));
        Copy(tiny.Reward, Path.Combine(assets, "reward"));
        return assets;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
