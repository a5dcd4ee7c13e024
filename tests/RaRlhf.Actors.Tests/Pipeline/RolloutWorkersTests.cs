using RaRlhf.Actors.Pipeline;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>A batch split across rollout workers samples exactly what one worker samples (tolerance 0).</summary>
public sealed class RolloutWorkersTests(ITestOutputHelper output)
{
    [Fact]
    public void Generate_BatchSplitWithRowOffsets_SameTokensAndLogProbsAsWholeBatch()
    {
        var sampler = new Gpt2Sampler(TinyRun.Policy(seed: 5));
        // Prompts of different lengths, so each part is left padded differently from the whole batch.
        var prompts = Enumerable.Range(0, 7).Select(i => Enumerable.Range(0, 1 + i % 4).Select(t => (i * 7 + t * 3) % TinyRun.Vocab).ToArray()).ToList();
        var options = new SamplingOptions { MaxNewTokens = 6, Seed = 99 };
        var whole = sampler.Generate(prompts, options);

        var response = new List<int>();
        var logProbs = new List<float>();
        foreach (var (start, end) in new[] { (0, 3), (3, 4), (4, 7) })
        {
            var part = sampler.Generate(prompts[start..end], options with { RowOffset = start, BatchRows = prompts.Count });
            response.AddRange(part.Response);
            logProbs.AddRange(part.LogProbs);
        }

        output.WriteLine($"max |Δ log-prob| = {whole.LogProbs.Zip(logProbs, (a, b) => Math.Abs(a - b)).Max()}");
        Assert.Equal(whole.Response, response);
        Assert.Equal(whole.LogProbs, logProbs);
        Assert.Throws<ArgumentException>(() => sampler.Generate(prompts[..3], options with { RowOffset = 5, BatchRows = 7 }));
    }

    [Fact]
    public async Task Run_ThreeRolloutWorkers_SameWeightsAsDirectTrainerLoop()
    {
        const int iterations = 4;
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 0.5m);
        using var dir = new TempRunDirectory();
        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m) with { RolloutWorkers = 3 });
        var progress = await pipeline.RunAsync();
        var actual = await pipeline.LoadPolicyAsync(progress.Policy);

        output.WriteLine($"max |Δw| = {expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max()} over {expected.Length} weights");
        Assert.Equal(expected, actual);
    }
}
