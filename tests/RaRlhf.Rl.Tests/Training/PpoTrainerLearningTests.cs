using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using RaRlhf.Rl.Training;
using RaRlhf.Tensors;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// End to end on a tiny random GPT-2 (vocab 16, 16 dims): sample responses with <see cref="Gpt2Sampler"/>, reward =
/// number of token 5 in the response, <see cref="PpoTrainer.Step"/>; the mean reward must rise. Plus determinism
/// and snapshot/restore.
/// </summary>
public sealed class PpoTrainerLearningTests(ITestOutputHelper output)
{
    private const int B = 16, PromptLength = 2, G = 8, Target = 5;

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void Step_CountOfOneTokenReward_MeanRewardIncreases(double alpha)
    {
        const int iterations = 30;
        var (trainer, sampler) = Create(seed: 3, learningRate: 3e-3);
        var schedule = new RiskSchedule(B, iterations, (decimal)alpha, 5, 0.8m);
        var rewards = new List<double>();
        for (var m = 0; m < iterations; m++)
        {
            var episodes = Rollout(sampler, m);
            rewards.Add(episodes.Scores.Average());
            trainer.Step(episodes, schedule.KeepCountAt(m));
        }

        double first = rewards.Take(5).Average(), last = rewards.TakeLast(5).Average();
        output.WriteLine($"α={alpha}: mean reward first 5 iterations {first:F3}, last 5 {last:F3}, β {trainer.KlCoef:F5}");
        Assert.True(last > first + 1.0, $"mean reward should rise by > 1 token: {first:F3} → {last:F3}");
    }

    [Fact]
    public void Step_SameSeedAndRestoredSnapshot_IdenticalWeights()
    {
        var (a, samplerA) = Create(seed: 3, learningRate: 1e-3);
        var (b, _) = Create(seed: 3, learningRate: 1e-3);
        var batches = Enumerable.Range(0, 3).Select(m => Rollout(samplerA, m)).ToList();
        a.Step(batches[0]);
        b.Step(batches[0]);
        Assert.Equal(a.Policy.Parameters, b.Policy.Parameters);

        var snapshot = a.Capture();
        a.Step(batches[1], keepCount: 8);
        a.Step(batches[2]);
        var (c, _) = Create(seed: 3, learningRate: 1e-3);
        c.Restore(snapshot);
        c.Step(batches[1], keepCount: 8);
        c.Step(batches[2]);
        Assert.Equal(a.Policy.Parameters, c.Policy.Parameters);
        Assert.Equal(a.KlCoef, c.KlCoef);
        Assert.Equal(a.Capture().AdamM, c.Capture().AdamM);
        Assert.NotEqual(snapshot.Weights, a.Policy.Parameters);
    }

    [Fact]
    public void Step_WrongBatchSizeOrEmptyResponse_ThrowsNamingTheProblem()
    {
        var (trainer, _) = Create(seed: 3, learningRate: 1e-3);
        var one = new PpoEpisodes([[1, 2]], [[3]], [1f]);
        Assert.Contains("batch_size", Assert.Throws<ArgumentException>(() => trainer.Step(one)).Message);
        var queries = Enumerable.Range(0, B).Select(_ => new[] { 1 }).ToArray();
        var responses = Enumerable.Range(0, B).Select(i => i == 4 ? Array.Empty<int>() : [2]).ToArray();
        var bad = new PpoEpisodes(queries, responses, new float[B]);
        Assert.Contains("episode 4", Assert.Throws<ArgumentException>(() => trainer.Step(bad)).Message);
    }

    private static (PpoTrainer Trainer, Gpt2Sampler Sampler) Create(ulong seed, double learningRate)
    {
        var config = TinyGpt2.Config(vocab: 16, positions: 16, embd: 16);
        var policy = new Gpt2Model(config, Gpt2Heads.Value);
        Gpt2Init.InitializeFromScratch(policy, seed);
        var reference = new Gpt2Model(config);
        Array.Copy(policy.Parameters, reference.Parameters, reference.Parameters.Length);
        var settings = new PpoSettings { BatchSize = B, MiniBatchSize = 8, PpoEpochs = 4, LearningRate = learningRate, Seed = 1 };
        return (new PpoTrainer(policy, reference, settings), new Gpt2Sampler(policy));
    }

    private static PpoEpisodes Rollout(Gpt2Sampler sampler, int m)
    {
        var prompts = Enumerable.Range(0, B)
            .Select(b => Enumerable.Range(0, PromptLength).Select(t => (int)(SplitMix64Hash(m, b, t) % 16)).ToArray()).ToList();
        var gen = sampler.Generate(prompts, new SamplingOptions { MaxNewTokens = G, Seed = (ulong)(1000 + m) });
        var scores = Enumerable.Range(0, B).Select(b => (float)gen.Response.AsSpan(b * G, G).Count(Target)).ToArray();
        return PpoEpisodes.FromPadded(prompts, gen.Response, gen.ResponseMask, G, scores);
    }

    private static ulong SplitMix64Hash(int m, int b, int t) => SplitMix64.At((ulong)m, (ulong)(b * PromptLength + t));
}
