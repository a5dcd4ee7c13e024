using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Models.Sampling;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary><see cref="ChunkSampler"/> against the reference it must reproduce: <see cref="Gpt2Sampler"/> on the whole batch.</summary>
public sealed class ChunkSamplerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(new[] { 0, 16 })]
    [InlineData(new[] { 0, 5, 16 })]
    [InlineData(new[] { 0, 4, 8, 12, 16 })]
    public void Generate_ChunksOfABatch_SameTokensAsWholeBatchSampler(int[] bounds)
    {
        var model = TinyRun.Policy(7);
        var prompts = TinyRun.Prompts(7).Take(16).ToArray();
        var options = TinyRun.Sampling with { Seed = 12345 };
        var whole = new Gpt2Sampler(model).Generate(prompts, options);
        var chunks = new ChunkSampler(model);
        var maxLogProbDiff = 0f;
        for (var c = 0; c + 1 < bounds.Length; c++)
        {
            int start = bounds[c], n = bounds[c + 1] - bounds[c], g = whole.G;
            var part = chunks.Generate(prompts[start..(start + n)], options, start, prompts.Length);
            Assert.Equal(whole.Response.AsSpan(start * g, n * g).ToArray(), part.Response);
            Assert.Equal(whole.ResponseMask.AsSpan(start * g, n * g).ToArray(), part.ResponseMask);
            for (var i = 0; i < n * g; i++) maxLogProbDiff = MathF.Max(maxLogProbDiff, MathF.Abs(whole.LogProbs[start * g + i] - part.LogProbs[i]));
        }

        // Log-probs may differ in the last bits if a kernel's rounding depends on the batch size; tolerance 1e-5.
        output.WriteLine($"chunks {string.Join(',', bounds)}: tokens identical, max |Δ log-prob| = {maxLogProbDiff}");
        Assert.True(maxLogProbDiff <= 1e-5f, $"max |Δ log-prob| = {maxLogProbDiff}");
    }

    [Fact]
    public void Generate_PromptsOfDifferentLengths_SameTokensAndLogProbsAsWholeBatchSampler()
    {
        // Rows 0–3 of the batch are cut short, so chunk [0, 4) is padded less than the whole batch (to 3, not 4 tokens).
        var model = TinyRun.Policy(3);
        var prompts = TinyRun.Prompts(3).Take(8).Select((p, i) => i < 4 ? p[..(1 + i % 3)] : p).ToArray();
        Assert.True(prompts[..4].Max(p => p.Length) < prompts.Max(p => p.Length), "the test needs a chunk shorter than the batch");
        var options = TinyRun.Sampling with { Seed = 777 };
        var whole = new Gpt2Sampler(model).Generate(prompts, options);
        var chunks = new ChunkSampler(model);
        var maxLogProbDiff = 0f;
        foreach (var (start, n) in new[] { (0, 4), (4, 4) })
        {
            var part = chunks.Generate(prompts[start..(start + n)], options, start, prompts.Length);
            Assert.Equal(whole.Response.AsSpan(start * whole.G, n * whole.G).ToArray(), part.Response);
            for (var i = 0; i < n * whole.G; i++) maxLogProbDiff = MathF.Max(maxLogProbDiff, MathF.Abs(whole.LogProbs[start * whole.G + i] - part.LogProbs[i]));
        }

        // Padding is masked and positions start at each row's first token: tolerance 1e-5, as above.
        output.WriteLine($"lengths {string.Join(',', prompts.Select(p => p.Length))}: tokens identical, max |Δ log-prob| = {maxLogProbDiff}");
        Assert.True(maxLogProbDiff <= 1e-5f, $"max |Δ log-prob| = {maxLogProbDiff}");
    }

    [Fact]
    public void Generate_RowsOutsideTheBatch_Throws()
    {
        var sampler = new ChunkSampler(TinyRun.Policy(7));
        var prompts = TinyRun.Prompts(7).Take(4).ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Generate(prompts, TinyRun.Sampling, 14, 16));
    }
}
