using System.Text.Json;
using RaRlhf.Cli.Jobs;
using RaRlhf.Cli.Tests.Training;
using RaRlhf.Models;
using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests;

public sealed class TrainJobTests(ITestOutputHelper log)
{
    private readonly TrainFixture _assets = new();

    [Fact]
    public async Task RunAsync_TinyAssetsThreeIterations_WritesMetricsAndTrainedLoadableModel()
    {
        var run = _assets.NewRun();
        var (code, output, error) = await RunAsync(_assets.Request(run, new StringWriter(), new StringWriter()));

        Assert.True(code == 0, error);
        Assert.Contains("3 iterations of 8 prompts", output);
        Assert.Contains("train-split reviews longer than 200 characters", output);
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("iteration ", StringComparison.Ordinal)));
        var rows = File.ReadAllLines(Path.Combine(run, "metrics", "iterations.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([0, 1, 2], rows.Select(r => r.GetProperty("iteration").GetInt32()));
        Assert.Equal([8, 6, 4], rows.Select(r => r.GetProperty("b0").GetInt32())); // soft: n 0, ⌈ρM⌉ = 2, ⌈8·(1 − 0.25)⌉, ⌈αB⌉
        Assert.All(rows, r => Assert.True(r.GetProperty("stats").GetProperty("time/pipeline/generate").GetDouble() >= 0));
        // The learner's own step is part of what the coordinator waits for in the learn phase (which adds its writes).
        Assert.All(rows, r => Assert.InRange(r.GetProperty("stats").GetProperty("time/pipeline/step").GetDouble(),
            1e-6, r.GetProperty("stats").GetProperty("time/pipeline/learn").GetDouble()));

        var start = Gpt2Checkpoint.Load(_assets.Policy);
        var trained = Gpt2Checkpoint.Load(Path.Combine(run, "model"), Gpt2Heads.Value, requireHeads: true);
        Assert.Equal(start.Config, trained.Config);
        var moved = start.Parameters.Zip(trained.Parameters, (a, b) => Math.Abs(a - b)).Max();
        log.WriteLine($"max |Δw| start → trained transformer: {moved}");
        Assert.True(moved > 1e-4, $"weights moved only {moved}");
        Assert.True(File.Exists(Path.Combine(run, "model", "tokenizer.json")));
        var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model", "policy.json"))).RootElement;
        Assert.Equal(3, policy.GetProperty("policy_version").GetInt64());
    }

    [Fact]
    public async Task RunAsync_ResumeAfterCompletion_NoNewIterationAndSameModel()
    {
        var run = _assets.NewRun();
        Assert.Equal(0, (await RunAsync(_assets.Request(run, new StringWriter(), new StringWriter()))).Code);
        var metrics = File.ReadAllText(Path.Combine(run, "metrics", "iterations.jsonl"));
        var weights = File.ReadAllBytes(Path.Combine(run, "model", Gpt2Checkpoint.WeightsFile));

        var (code, output, error) = await RunAsync(_assets.Request(run, new StringWriter(), new StringWriter()));

        Assert.True(code == 0, error);
        Assert.DoesNotContain("\niteration ", output);
        Assert.Contains("done: 3/3 iterations, policy v3", output);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(run, "metrics", "iterations.jsonl")));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(run, "model", Gpt2Checkpoint.WeightsFile)));
        Assert.Equal(["model"], Directory.GetDirectories(run).Select(Path.GetFileName).Where(n => n!.StartsWith("model", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_MissingPolicyDirectory_Exit2NamingTheKeyAndPrepare()
    {
        var (code, _, error) = await RunAsync(_assets.Request(_assets.NewRun(), new StringWriter(), new StringWriter(),
            $"model.policy=\"{Path.Combine(_assets.Root, "no-such-sft")}\""));

        Assert.Equal(2, code);
        Assert.Contains("'model.policy'", error);
        Assert.Contains("no-such-sft", error);
        Assert.Contains("./rarlhf prepare imdb", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task RunAsync_MissingImdbFile_Exit2NamingTheFile()
    {
        var empty = Path.Combine(_assets.Root, "empty-data");
        Directory.CreateDirectory(empty);

        var (code, _, error) = await RunAsync(_assets.Request(_assets.NewRun(), new StringWriter(), new StringWriter(), $"run.data_dir=\"{empty}\""));

        Assert.Equal(2, code);
        Assert.Contains("imdb/imdb_train.csv is missing", error);
    }

    [Fact]
    public async Task RunAsync_MalformedImdbFile_Exit2NamingFileAndLine()
    {
        var bad = Path.Combine(_assets.Root, "bad-data");
        TrainFixture.WriteImdb(Path.Combine(bad, "imdb", "imdb_train.csv"), 10);
        var lines = File.ReadAllLines(Path.Combine(bad, "imdb", "imdb_train.csv"));
        lines[4] = lines[4].Replace(",1,8,", ",3,8,", StringComparison.Ordinal).Replace(",0,3,", ",3,3,", StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(bad, "imdb", "imdb_train.csv"), lines);

        var (code, _, error) = await RunAsync(_assets.Request(_assets.NewRun(), new StringWriter(), new StringWriter(), $"run.data_dir=\"{bad}\""));

        Assert.Equal(2, code);
        Assert.Contains("imdb_train.csv:5: label is 3", error);
    }

    [Fact]
    public async Task RunAsync_TokenizerVocabDiffersFromModel_Exit2NamingBoth()
    {
        var other = Path.Combine(_assets.Root, "tokenizer-300");
        RaRlhf.Text.Training.BpeTrainer.Train(TinyTraining.Corpus(125), new RaRlhf.Text.Training.BpeTrainingSettings(VocabSize: 300, Threads: 1)).Save(other);

        var (code, _, error) = await RunAsync(_assets.Request(_assets.NewRun(), new StringWriter(), new StringWriter(), $"model.tokenizer=\"{other}\""));

        Assert.Equal(2, code);
        Assert.Contains("has 300 tokens but the policy", error);
        Assert.Contains("vocab_size 320", error);
    }

    [Fact]
    public async Task RunAsync_MaxStalenessAboveLimit_Exit2NamingTheLimit()
    {
        var (code, _, error) = await RunAsync(_assets.Request(_assets.NewRun(), new StringWriter(), new StringWriter(), "pipeline.max_staleness=17"));

        Assert.Equal(2, code);
        Assert.Contains("pipeline.max_staleness = 17: at most 16", error);
    }

    [Fact]
    public async Task RunAsync_TwoRolloutWorkers_SameMetricsAsOneWorker()
    {
        string Rewards(string run) => string.Join(",", File.ReadAllLines(Path.Combine(run, "metrics", "iterations.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reward_mean").GetDouble()));
        var (one, two) = (_assets.NewRun(), _assets.NewRun());

        Assert.Equal(0, (await RunAsync(_assets.Request(one, new StringWriter(), new StringWriter(), "run.iterations=2"))).Code);
        Assert.Equal(0, (await RunAsync(_assets.Request(two, new StringWriter(), new StringWriter(), "run.iterations=2", "pipeline.rollout_workers=2"))).Code);

        Assert.Equal(Rewards(one), Rewards(two));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "model", Gpt2Checkpoint.WeightsFile)), File.ReadAllBytes(Path.Combine(two, "model", Gpt2Checkpoint.WeightsFile)));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(TrainRequest request)
    {
        var code = await TrainJob.RunAsync(request, CancellationToken.None);
        var (output, error) = (request.Output.ToString()!, request.Error.ToString()!);
        log.WriteLine(output);
        log.WriteLine(error);
        return (code, output, error);
    }
}
