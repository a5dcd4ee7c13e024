using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Evaluation;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using Serilog.Core;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class EvaluatorTests(ITestOutputHelper output)
{
    private static readonly TokenCountReward Reward = new(TinyRun.TargetToken);

    private static string Decode(int[] ids) => string.Join(' ', ids.Select(i => $"t{i}"));

    private static EvaluationPrompt[] Prompts(int count) =>
        TinyRun.Prompts(3).Take(count).Select((p, i) => new EvaluationPrompt($"p{i}", p, Decode(p))).ToArray();

    [Fact]
    public async Task EvaluatePrompts_TinyPolicy_SameCompletionsAsSamplerAndTokenCountScores()
    {
        var policy = TinyRun.Reference(4);
        var settings = new EvaluatorSettings(TinyRun.Sampling, []);
        await using var system = new ActorSystem("t", Logger.None);
        var evaluator = system.Spawn("evaluator", () => new Evaluator(policy, Reward, Decode, settings));
        var prompts = Prompts(6);

        var reply = await evaluator.AskAsync<EvaluatedPrompts>(new EvaluatePrompts(3, prompts, 99), TimeSpan.FromSeconds(30));

        var direct = new Gpt2Sampler(TinyRun.Reference(4)).Generate(prompts.Select(p => p.PromptIds).ToArray(), TinyRun.Sampling with { Seed = 99 });
        Assert.Equal(3, reply.Batch);
        Assert.Equal(prompts.Select(p => p.Id), reply.Episodes.Select(e => e.PromptId));
        for (var i = 0; i < prompts.Length; i++)
        {
            var e = reply.Episodes[i];
            Assert.Equal(direct.Response.AsSpan(i * direct.G, direct.G).ToArray(), e.CompletionIds);
            Assert.Equal(Decode(e.CompletionIds), e.CompletionText);
            Assert.Equal(prompts[i].Text, e.PromptText);
            Assert.Equal(e.CompletionIds.Count(t => t == TinyRun.TargetToken), e.CompletionReward);
            Assert.Equal(prompts[i].PromptIds.Count(t => t == TinyRun.TargetToken), e.PromptScore);
        }
    }

    [Fact]
    public async Task EvaluatePrompts_WithPrefix_GenerationChangesPromptAndScoreDoNot()
    {
        var prompts = Prompts(8);
        var plain = await EvaluateAsync(prompts, []);
        var prefixed = await EvaluateAsync(prompts, [7, 7, 9]);

        var direct = new Gpt2Sampler(TinyRun.Reference(4)).Generate(prompts.Select(p => new[] { 7, 7, 9 }.Concat(p.PromptIds).ToArray()).ToArray(),
            TinyRun.Sampling with { Seed = 1 });
        Assert.Equal(plain.Select(e => e.PromptText), prefixed.Select(e => e.PromptText));
        Assert.Equal(plain.Select(e => e.PromptScore), prefixed.Select(e => e.PromptScore));
        Assert.Equal(direct.Response.AsSpan(0, direct.G).ToArray(), prefixed[0].CompletionIds);
        Assert.Contains(Enumerable.Range(0, prompts.Length), i => !plain[i].CompletionIds.SequenceEqual(prefixed[i].CompletionIds));

        async Task<IReadOnlyList<EvaluationEpisode>> EvaluateAsync(EvaluationPrompt[] p, int[] prefix)
        {
            await using var system = new ActorSystem("t", Logger.None);
            var evaluator = system.Spawn("evaluator", () => new Evaluator(TinyRun.Reference(4), Reward, Decode, new EvaluatorSettings(TinyRun.Sampling, prefix)));
            return (await evaluator.AskAsync<EvaluatedPrompts>(new EvaluatePrompts(0, p, 1), TimeSpan.FromSeconds(30))).Episodes;
        }
    }

    [Fact]
    public void TokenNll_PaddedBatchWithContext_MatchesOneTextAtATimeNaiveLogSoftmax()
    {
        var model = TinyRun.Reference(6);
        int[][] texts = [[1, 2, 3, 4, 5, 6, 7], [9, 8], [3, 3, 3, 3], [60, 1, 44, 2, 5]];
        int[] context = [11, 12];

        var batched = TokenNll.Compute(model, texts, context, padTokenId: 0);

        var max = 0.0;
        for (var i = 0; i < texts.Length; i++)
        {
            var ids = context.Concat(texts[i]).ToArray();
            var single = TinyRun.Reference(6);
            single.Forward(ids, [], 1, ids.Length);
            var logits = single.Logits.Span;
            Assert.Equal(texts[i].Length - 1, batched[i].Length);
            for (var j = 1; j < texts[i].Length; j++)
            {
                var row = logits.Slice((context.Length + j - 1) * TinyRun.Vocab, TinyRun.Vocab);
                double m = double.NegativeInfinity, sum = 0;
                foreach (var x in row) m = Math.Max(m, x);
                foreach (var x in row) sum += Math.Exp(x - m);
                var nll = m + Math.Log(sum) - row[texts[i][j]];
                max = Math.Max(max, Math.Abs(nll - batched[i][j - 1]));
            }
        }

        output.WriteLine($"max |batched − naive| NLL = {max:E2} (tolerance 1e-4)");
        Assert.True(max < 1e-4, $"max difference {max}");
    }

    [Fact]
    public async Task RunLocal_TenPromptsBatchesOfFour_ProgressEveryFourAndBatchSeedsFromThePlan()
    {
        var prompts = Prompts(10);
        var plan = new EvaluationPlan(prompts, [[1, 2, 3], [4, 5, 6, 7], [8, 9]], Seed: 21) { BatchSize = 4, PerplexityBatchSize = 2, ProgressEvery = 4 };
        var progress = new List<EvaluationProgress>();

        var result = await EvaluationRunner.RunLocalAsync(TinyRun.Reference(4), Reward, Decode, new EvaluatorSettings(TinyRun.Sampling, []), plan,
            Logger.None, progress.Add);

        Assert.Equal(prompts.Select(p => p.Id), result.Episodes.Select(e => e.PromptId));
        Assert.Equal([("generate", 4), ("generate", 8), ("generate", 10), ("perplexity", 3)],
            progress.Select(p => (p.Phase, p.Done)));
        Assert.Matches(@"^generate 10/10 prompts, [0-9.]+ prompts/s, elapsed \d\d:\d\d:\d\d, eta 00:00:00$", progress[2].Format());
        var second = new Gpt2Sampler(TinyRun.Reference(4)).Generate(prompts.Skip(4).Take(4).Select(p => p.PromptIds).ToArray(),
            TinyRun.Sampling with { Seed = plan.SeedFor(1) });
        Assert.Equal(second.Response.AsSpan(0, second.G).ToArray(), result.Episodes[4].CompletionIds);
        Assert.Equal([2, 3, 1], result.TokenNlls.Select(n => n.Length));
    }

    [Fact]
    public async Task RunLocal_RewardReturnsTooFewScores_FailsWithTheRewardNameNotRetried()
    {
        var plan = new EvaluationPlan(Prompts(3), [], Seed: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EvaluationRunner.RunLocalAsync(TinyRun.Reference(4), new ShortReward(),
            Decode, new EvaluatorSettings(TinyRun.Sampling, []), plan, Logger.None));

        Assert.Contains("short", error.Message);
        Assert.Contains("returned 2 prompt scores for 3 inputs", error.Message);
    }

    [Fact]
    public void Summary_ThresholdNobodyQualifies_TailNotMeasuredAndSaidSo()
    {
        EvaluationEpisode Episode(string id, double score, double reward, int[] ids) => new(id, "", ids, "", score, reward);
        var result = new EvaluationResult([Episode("a", 1, 2, [1, 2, 1]), Episode("b", 3, 4, [5])], []);

        var threshold = EvaluationSummary.Compute(result, new TailSpec(Rl.Evaluation.TailRewardMethod.Threshold, -2.5), "prompts");
        var quantile = EvaluationSummary.Compute(result, new TailSpec(Rl.Evaluation.TailRewardMethod.Quantile, 0.5), "prompts");

        Assert.True(double.IsNaN(threshold.Metrics.TailReward));
        Assert.Contains("none of the 2 qualifies", threshold.TailDefinition);
        Assert.True(double.IsNaN(threshold.Metrics.Perplexity));
        Assert.Equal(3.0, threshold.Metrics.Reward);
        Assert.Equal(2.0, quantile.Metrics.TailReward);
        Assert.Equal("the 1 of the 2 prompts with the lowest prompt score (quantile q = 0.5; prompt score ≤ 1)", quantile.TailDefinition);
        Assert.Equal((2.0 / 3 + 1) / 2, quantile.Metrics.Dist1, 12);
        Assert.Equal(1.0, quantile.Metrics.Dist2);
        Assert.Equal(1.0, quantile.Metrics.Dist3);
    }

    private sealed class ShortReward : IRewardModel
    {
        public string Name => "short";

        public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation) =>
            Task.FromResult(RewardOutput.Of(new float[Math.Max(0, items.Count - 1)]));
    }
}
