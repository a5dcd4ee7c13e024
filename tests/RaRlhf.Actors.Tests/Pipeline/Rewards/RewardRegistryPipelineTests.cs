using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Testing;
using Xunit.Abstractions;
using static RaRlhf.Actors.Tests.Pipeline.Rewards.ScorerConfig;

namespace RaRlhf.Actors.Tests.Pipeline.Rewards;

/// <summary>A plug-in loaded through the registry drives training like a built-in reward.</summary>
public sealed class RewardRegistryPipelineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_SamplePluginCountingT5_SameWeightsAsTokenCountDirectLoop()
    {
        // The tiny run decodes token 5 as the word "t5", so a word list of just "t5" is the tiny run's own reward
        // (count of token 5): two iterations must then match the plain trainer loop bit for bit. Token 7 is a
        // "negative" word of weight 0: it leaves the score alone but shows up in the plug-in's extra metric.
        const int iterations = 2;
        var reward = RewardRegistry.Create(Parse($"type = plugin\nassembly = {Q(SampleDll)}\nclass = {Q(SampleClass)}\npositive = [t5]\nnegative = [t7]\nnegative_weight = 0"), Context(TestData.RepoRoot));
        var (expected, expectedRewards) = DirectLoop.Run(iterations, seed: 3, alpha: 1m);
        using var dir = new TempRunDirectory();
        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations) with { Reward = reward });

        var progress = await pipeline.RunAsync();
        var actual = await pipeline.LoadPolicyAsync(progress.Policy);

        var rows = File.ReadAllLines(pipeline.MetricsPath).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        output.WriteLine($"plug-in reward means {string.Join(", ", rows.Select(r => r.GetProperty("reward_mean").GetDouble()))}, " +
                         $"max |Δw| vs direct loop = {expected.Zip(actual, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(iterations, progress.CompletedIterations);
        Assert.Equal(expectedRewards, rows.Select(r => r.GetProperty("reward_mean").GetDouble()));
        Assert.Equal(expected, actual);
        Assert.All(rows, r => Assert.True(r.GetProperty("stats").TryGetProperty("sample/negative_words_per_response", out _),
            "the plug-in's extra metric reaches iterations.jsonl"));
    }
}
