using System.Text.Json;
using RaRlhf.Cli.Jobs;
using RaRlhf.Models;
using RaRlhf.Models.Heads;
using RaRlhf.Rl.Evaluation;
using RaRlhf.Rl.Reporting;
using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests;

/// <summary>EvalJob in process on tiny random models (see <see cref="EvalTestAssets"/>).</summary>
public sealed class EvalJobTests(ITestOutputHelper output, EvalJobTests.Assets assets) : IClassFixture<EvalJobTests.Assets>
{
    private readonly EvalTestAssets _a = assets.Value;

    private static readonly string[] MetricKeys = ["reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"];

    public sealed class Assets
    {
        internal EvalTestAssets Value { get; } = new();
    }

    [Fact]
    public async Task RunAsync_CsvPrompts_WritesJsonlRowsAndMetricsJsonOfTheReportSchema()
    {
        var run = _a.NewRun();
        var log = new StringWriter();

        var code = await EvalJob.RunAsync(_a.Request(run, "base", output: log), CancellationToken.None);

        output.WriteLine(log.ToString());
        Assert.Equal(0, code);
        var rows = Rows(run, "base");
        Assert.Equal(10, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(["prompt_id", "prompt_score", "completion_reward", "prompt", "completion", "completion_ids"], row.EnumerateObject().Select(p => p.Name));
            Assert.Equal(EvalTestAssets.GenLen, row.GetProperty("completion_ids").GetArrayLength());
        }

        Assert.Equal(10, EvaluationLog.Read(EvaluationLog.PathFor(run, "base")).Count);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var method = metrics.RootElement.GetProperty("methods").GetProperty("base");
        Assert.Equal(MetricKeys, method.EnumerateObject().Select(p => p.Name));
        Assert.All(MetricKeys, k => Assert.Equal(JsonValueKind.Number, method.GetProperty(k).ValueKind));
        Assert.StartsWith("the 1 of the 10 prompts of prompts.csv with the lowest prompt score (quantile q = 0.1",
            metrics.RootElement.GetProperty("tail").GetProperty("definition").GetString());
        Assert.Contains("generate 4/10 prompts", log.ToString());
        Assert.Contains("generate 10/10 prompts", log.ToString());
        var report = RunReportLoader.Load(run);
        Assert.Equal(10, Assert.Single(report.Methods).Prompts.Count);
        Assert.DoesNotContain(report.Notes, n => n.Contains("base", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_JsonlPromptsSameTexts_SameCompletionsAndScoresAsCsv()
    {
        var (csvRun, jsonlRun) = (_a.NewRun(), _a.NewRun());

        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(csvRun, "base"), CancellationToken.None));
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(jsonlRun, "base", _a.PromptsJsonl) with { TextColumn = "prompt.text" }, CancellationToken.None));

        string Strip(JsonElement r) => string.Join('|', r.EnumerateObject().Where(p => p.Name != "prompt_id").Select(p => p.Value.GetRawText()));
        Assert.Equal(Rows(csvRun, "base").Select(Strip), Rows(jsonlRun, "base").Select(Strip));
        Assert.Equal("prompts.jsonl:1", Rows(jsonlRun, "base")[0].GetProperty("prompt_id").GetString());
    }

    [Fact]
    public async Task RunAsync_Metrics_EqualIndependentRecomputationFromRowsAndModels()
    {
        var run = _a.NewRun();
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "base"), CancellationToken.None));
        var rows = Rows(run, "base");
        var metrics = MetricsJsonReader.Read(Path.Combine(run, "metrics.json")).Methods.Single().Value;

        // Reward, tail and Dist-n straight from the rows with the RaRlhf.Rl.Evaluation functions.
        var scores = rows.Select(r => r.GetProperty("prompt_score").GetDouble()).ToArray();
        var rewards = rows.Select(r => r.GetProperty("completion_reward").GetDouble()).ToArray();
        IReadOnlyList<IReadOnlyList<int>> ids = rows.Select(r => r.GetProperty("completion_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        Assert.Equal(AverageReward.Compute(rewards).Mean, metrics.Reward);
        Assert.Equal(TailReward.ByQuantile(scores, rewards, 0.1m).Mean, metrics.TailReward);
        Assert.Equal(DistinctNgrams.Compute(ids, 1).Value, metrics.Dist1);
        Assert.Equal(DistinctNgrams.Compute(ids, 2).Value, metrics.Dist2);
        Assert.Equal(DistinctNgrams.Compute(ids, 3).Value, metrics.Dist3);

        // The scores themselves: the classifier's label-1 logit on the re-encoded prompt (alone / + completion), one row at a time.
        var classifier = new SequenceClassifier(Gpt2Checkpoint.Load(_a.RewardDir, Gpt2Heads.Score, requireHeads: true));
        var maxScore = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            var prompt = _a.Tokenizer.Encode(rows[i].GetProperty("prompt").GetString()!);
            Assert.Equal(EvalTestAssets.PromptTokens, prompt.Length);
            var full = prompt.Concat(ids[i]).ToArray();
            var alone = classifier.ForwardScores(prompt, [], 1, prompt.Length, label: 1)[0];
            var pair = classifier.ForwardScores(full, [], 1, full.Length, label: 1)[0];
            maxScore = Math.Max(maxScore, Math.Max(Math.Abs(alone - scores[i]), Math.Abs(pair - rewards[i])));
        }

        // Perplexity: each held-out text alone through the policy, log-softmax in double.
        var policy = Gpt2Checkpoint.Load(_a.PolicyDir);
        double nll = 0;
        long tokens = 0;
        foreach (var line in File.ReadLines(_a.PerplexityCsv).Skip(1))
        {
            var text = _a.Tokenizer.Encode(line.Trim('"')).Take(EvalTestAssets.PerplexityMaxTokens).ToArray();
            policy.Forward(text, [], 1, text.Length);
            var logits = policy.Logits.Span;
            var v = policy.Config.VocabSize;
            for (var j = 1; j < text.Length; j++)
            {
                var row = logits.Slice((j - 1) * v, v);
                double m = double.NegativeInfinity, sum = 0;
                foreach (var x in row) m = Math.Max(m, x);
                foreach (var x in row) sum += Math.Exp(x - m);
                nll += m + Math.Log(sum) - row[text[j]];
                tokens++;
            }
        }

        var perplexity = Math.Exp(nll / tokens);
        output.WriteLine($"max |score − recomputed| = {maxScore:E2} (tol 1e-4); perplexity {metrics.Perplexity} vs {perplexity} over {tokens} tokens (rel tol 1e-5)");
        Assert.True(maxScore < 1e-4, $"score difference {maxScore}");
        Assert.Equal(1, metrics.Perplexity / perplexity, 5);
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_IdenticalFiles_OtherSeedOtherCompletions()
    {
        var (first, second, other) = (_a.NewRun(), _a.NewRun(), _a.NewRun());

        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(first, "base"), CancellationToken.None));
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(second, "base"), CancellationToken.None));
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(other, "base", seed: 8), CancellationToken.None));

        string Read(string run, string file) => File.ReadAllText(Path.Combine(run, file));
        Assert.Equal(Read(first, "eval/base.jsonl"), Read(second, "eval/base.jsonl"));
        Assert.Equal(Read(first, "metrics.json"), Read(second, "metrics.json"));
        Assert.NotEqual(Read(first, "eval/base.jsonl"), Read(other, "eval/base.jsonl"));
    }

    [Fact]
    public async Task RunAsync_TwoMethodsThenRerun_OneMetricsJsonInOrderRerunReplaces()
    {
        var run = _a.NewRun();

        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "base"), CancellationToken.None));
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "RA-RLHF", model: _a.OtherPolicyDir), CancellationToken.None));
        var two = MetricsJsonReader.Read(Path.Combine(run, "metrics.json"));
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "base", model: _a.OtherPolicyDir), CancellationToken.None));
        var rerun = MetricsJsonReader.Read(Path.Combine(run, "metrics.json"));

        Assert.Equal(["base", "RA-RLHF"], two.Methods.Select(m => m.Name));
        Assert.NotEqual(two.Methods[0].Value, two.Methods[1].Value);
        Assert.Equal(["base", "RA-RLHF"], rerun.Methods.Select(m => m.Name));
        Assert.Equal(two.Methods[1].Value, rerun.Methods[0].Value);
        Assert.Equal(two.Methods[1].Value, rerun.Methods[1].Value);
        Assert.Equal(2, RunReportLoader.Load(run).Methods.Count(m => m.Prompts.Count == 10));
    }

    [Fact]
    public async Task RunAsync_PromptPrefix_ChangesGenerationsNotTheRecordedPromptOrItsScore()
    {
        var run = _a.NewRun();

        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "base"), CancellationToken.None));
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "prompted base") with { PromptPrefix = "a small bird sat on the mat. " }, CancellationToken.None));

        var (plain, prompted) = (Rows(run, "base"), Rows(run, "prompted base"));
        Assert.Equal(plain.Select(r => r.GetProperty("prompt").GetString()), prompted.Select(r => r.GetProperty("prompt").GetString()));
        Assert.Equal(plain.Select(r => r.GetProperty("prompt_score").GetDouble()), prompted.Select(r => r.GetProperty("prompt_score").GetDouble()));
        Assert.All(prompted, r => Assert.Equal("a small bird sat on the mat. ", r.GetProperty("prompt_prefix").GetString()));
        Assert.False(plain[0].TryGetProperty("prompt_prefix", out _));
        Assert.Contains(Enumerable.Range(0, 10), i => plain[i].GetProperty("completion").GetString() != prompted[i].GetProperty("completion").GetString());
        var metrics = MetricsJsonReader.Read(Path.Combine(run, "metrics.json")).Methods;
        Assert.NotEqual(metrics[0].Value.Perplexity, metrics[1].Value.Perplexity);
    }

    [Fact]
    public async Task RunAsync_OtherPromptCountIntoSameRun_RefusesMetricsMergeButKeepsTheRows()
    {
        var run = _a.NewRun();
        Assert.Equal(0, await EvalJob.RunAsync(_a.Request(run, "base"), CancellationToken.None));

        var code = await EvalJob.RunAsync(_a.Request(run, "SFT") with { PromptCount = 5 }, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal(["base"], MetricsJsonReader.Read(Path.Combine(run, "metrics.json")).Methods.Select(m => m.Name));
        Assert.Equal(5, Rows(run, "SFT").Count);
    }

    private static List<JsonElement> Rows(string run, string method) => File.ReadLines(EvaluationLog.PathFor(run, method))
        .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
