using System.Globalization;
using RaRlhf.Cli.Demo;
using RaRlhf.Rl.Reporting;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests.Demo;

public sealed class ExperimentTests
{
    [Fact]
    public void SeedStatistic_KnownValues_MeanAndSampleStd()
    {
        var s = new SeedStatistic([1, 2, 3, 4, double.NaN]);
        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), s.Std, 12); // Σ(x−2.5)² = 5, n − 1 = 3
        Assert.True(double.IsNaN(new SeedStatistic([7]).Std));
    }

    [Theory]
    // tail: RA 1.0±0.1 vs RL 0.5±0.2 → gap 0.5 > 0.2 holds; reward: RL 2.0, SFT 1.0 → gain 1.0, allowed 0.05.
    [InlineData(new[] { 0.9, 1.0, 1.1 }, new[] { 0.3, 0.5, 0.7 }, 1.96, 40.0, true, true, true)]
    // tail gap 0.1 < std 0.2; reward 1.90 short by 0.10 > 0.05; perplexity 44.5 is +11.25 %.
    [InlineData(new[] { 0.5, 0.6, 0.7 }, new[] { 0.3, 0.5, 0.7 }, 1.90, 44.5, false, false, false)]
    public void ScientificBar_HandComputedCases_Verdicts(double[] raTail, double[] rlTail, double raReward, double raPpl,
        bool tailHolds, bool rewardHolds, bool pplHolds)
    {
        var summary = Summary(
            ("SFT", [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [38.0, 38.0, 38.0]),
            ("RLHF", [2.0, 2.0, 2.0], rlTail, [40.0, 40.0, 40.0]),
            ("RA-RLHF", [raReward, raReward, raReward], raTail, [raPpl, raPpl, raPpl]));

        var bar = ScientificBar.Check(summary);

        Assert.Equal([tailHolds, rewardHolds, pplHolds], bar.Select(b => b.Holds));
    }

    [Fact]
    public void ScientificBar_OneSeed_TailUndecided()
    {
        var bar = ScientificBar.Check(Summary(("SFT", [1.0], [0.0], [38.0]), ("RLHF", [2.0], [0.5], [40.0]), ("RA-RLHF", [2.0], [0.9], [40.0])));
        Assert.Null(bar[0].Holds);
        Assert.Equal(true, bar[2].Holds);
    }

    [Fact]
    public async Task Run_TwoSeeds_RunsEachSeedAndWritesMeanStdResultsAndReport()
    {
        using var fixture = new DemoFixture();
        var jobs = new RecordingJobs();
        var output = new StringWriter();
        IReadOnlyList<string> overlays =
        [
            Path.Combine(TestData.RepoRoot, "hocon", "tasks", "imdb.conf"),
            Path.Combine(TestData.RepoRoot, "hocon", "demo.conf"),
            Path.Combine(TestData.RepoRoot, "hocon", "experiment.conf"),
        ];
        var options = new DemoOptions("imdb", fixture.Run, "IMDB-Gen experiment", overlays, fixture.Assets, null, ["demo.eval_prompts = 10"]);

        var code = await new ExperimentRunner(jobs, output).RunAsync(options, 2, CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        Assert.Equal(4, jobs.Trained.Count);
        Assert.Equal(10, jobs.Evaluated.Count);
        Assert.Contains("run.seed = 1", File.ReadAllText(Path.Combine(fixture.Run, "seed-1", "demo.conf")), StringComparison.Ordinal);
        Assert.Contains("risk.warmup = 15", File.ReadAllText(Path.Combine(fixture.Run, "seed-0", "demo.conf")), StringComparison.Ordinal);

        // Independent recomputation from the two seeds' metrics.json.
        var rewards = Enumerable.Range(0, 2)
            .Select(s => MetricsJsonReader.Read(Path.Combine(fixture.Run, $"seed-{s}", "metrics.json")).Methods.Single(m => m.Name == "RA-RLHF").Value.Reward)
            .ToArray();
        var mean = (rewards[0] + rewards[1]) / 2;
        var std = Math.Abs(rewards[0] - rewards[1]) / Math.Sqrt(2);
        var results = File.ReadAllText(Path.Combine(fixture.Run, "results.md"));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| RA-RLHF | {mean:F3} ± {std:F3} |"), results, StringComparison.Ordinal);
        Assert.Contains("tail reward: RA-RLHF > RLHF by more than one std", results, StringComparison.Ordinal);

        var report = RunReportLoader.Load(fixture.Run);
        Assert.Equal(DemoMethods.All, report.Methods.Select(m => m.Name));
        Assert.Equal(mean, report.Methods[4].Metrics.Reward, 12);
        Assert.Equal(20, report.Methods[4].Prompts.Count);
        Assert.Equal(["ra-rlhf seed 0", "rlhf seed 0", "ra-rlhf seed 1", "rlhf seed 1"], report.TrainingRuns.Select(r => r.Name));
        Assert.True(File.Exists(Path.Combine(fixture.Run, "report.html")));
    }

    private static ExperimentSummary Summary(params (string Method, double[] Reward, double[] Tail, double[] Ppl)[] methods) =>
        new(Enumerable.Range(0, methods[0].Reward.Length).ToArray(),
            methods.Select(m => new NamedValue<IReadOnlyList<NamedValue<SeedStatistic>>>(m.Method,
            [
                new("reward", new SeedStatistic(m.Reward)), new("tail_reward", new SeedStatistic(m.Tail)),
                new("perplexity", new SeedStatistic(m.Ppl)), new("dist1", new SeedStatistic([0.5])),
                new("dist2", new SeedStatistic([0.8])), new("dist3", new SeedStatistic([0.9])),
            ])).ToArray(),
            "tail");
}
