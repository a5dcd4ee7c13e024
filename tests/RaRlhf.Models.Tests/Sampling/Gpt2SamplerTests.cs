using RaRlhf.Models.Heads;
using RaRlhf.Models.Sampling;

namespace RaRlhf.Models.Tests.Sampling;

public sealed class Gpt2SamplerTests
{
    private static readonly int[][] Prompts = [[5, 7, 1, 9], [2], [11, 4, 4]];

    [Fact]
    public void Generate_SameSeed_SameTokensAndOtherSeedDiffers()
    {
        var sampler = new Gpt2Sampler(SmallModels.Create());
        var options = new SamplingOptions { MaxNewTokens = 12, Seed = 17 };
        var a = sampler.Generate(Prompts, options);
        var b = sampler.Generate(Prompts, options);
        var c = sampler.Generate(Prompts, options with { Seed = 18 });
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.LogProbs, b.LogProbs);
        Assert.NotEqual(a.Response, c.Response);
    }

    [Fact]
    public void Generate_LeftPaddedPrompts_LayoutAndMaskAreConsistent()
    {
        var r = new Gpt2Sampler(SmallModels.Create()).Generate(Prompts, new SamplingOptions { MaxNewTokens = 5, PadTokenId = 0, Seed = 1 });
        Assert.Equal(4, r.PromptLength);
        Assert.Equal(9, r.TotalLength);
        Assert.Equal([0, 0, 0, 2], r.Tokens[9..13]);
        Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f], r.Mask[9..18]);
        Assert.All(r.ResponseMask, m => Assert.Equal(1f, m));
    }

    [Fact]
    public void Generate_BehaviourLogProbs_EqualFullForwardOverPromptAndResponse()
    {
        var model = SmallModels.Create();
        var r = new Gpt2Sampler(model).Generate(Prompts, new SamplingOptions { MaxNewTokens = 10, Temperature = 0.7f, TopK = 5, Seed = 3 });
        var full = new PolicyValueModel(model).Forward(r.Tokens, r.Mask, r.B, r.TotalLength);
        double max = 0;
        for (var b = 0; b < r.B; b++)
        for (var g = 0; g < r.G; g++)
        {
            // logprob of token at position P+g comes from the prediction at position P+g−1.
            var expected = full.LogProbs[b * (r.TotalLength - 1) + r.PromptLength + g - 1];
            max = Math.Max(max, Math.Abs(expected - r.LogProbs[b * r.G + g]));
        }

        Console.WriteLine($"sampler vs full-forward log-prob max |diff| {max:E2}");
        Assert.True(max < 1e-4);
    }

    [Fact]
    public void Generate_KvCache_EqualsRecomputingTheWholeSequence()
    {
        var sampler = new Gpt2Sampler(SmallModels.Create());
        var options = new SamplingOptions { MaxNewTokens = 9, Seed = 8, StopAtEos = true, EosTokenId = 3 };
        var cached = sampler.Generate(Prompts, options);
        var uncached = sampler.Generate(Prompts, options with { UseKvCache = false });
        Assert.Equal(uncached.Tokens, cached.Tokens);
        var max = cached.LogProbs.Zip(uncached.LogProbs).Max(p => Math.Abs(p.First - p.Second));
        Console.WriteLine($"KV cache vs no cache log-prob max |diff| {max:E2}");
        Assert.True(max < 1e-5);
    }

    [Fact]
    public void Generate_TopKOne_IsGreedyArgmaxOfFullForward()
    {
        var model = SmallModels.Create();
        var r = new Gpt2Sampler(model).Generate(Prompts, new SamplingOptions { MaxNewTokens = 6, TopK = 1, Seed = 4 });
        AssertEachTokenWithin(model, r, rank: 1);
    }

    [Fact]
    public void Generate_TopK3_EveryTokenAmongTopThreeLogits()
    {
        var model = SmallModels.Create(scale: 0.15);
        var r = new Gpt2Sampler(model).Generate(Prompts, new SamplingOptions { MaxNewTokens = 15, TopK = 3, Temperature = 2f, Seed = 5 });
        AssertEachTokenWithin(model, r, rank: 3);
        var unrestricted = new Gpt2Sampler(model).Generate(Prompts, new SamplingOptions { MaxNewTokens = 15, Temperature = 2f, Seed = 5 });
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertEachTokenWithin(model, unrestricted, rank: 3)); // the truncation is what keeps it inside
    }

    [Fact]
    public void Generate_EosSampled_RestIsPaddedMaskedAndZeroLogProb()
    {
        var model = SmallModels.Create();
        var greedy = new Gpt2Sampler(model).Generate(Prompts, new SamplingOptions { MaxNewTokens = 6, TopK = 1 });
        var eos = greedy.Response[0]; // row 0's first greedy token becomes "EOS"
        var r = new Gpt2Sampler(model).Generate(Prompts, new SamplingOptions { MaxNewTokens = 6, TopK = 1, StopAtEos = true, EosTokenId = eos, PadTokenId = 22 });
        for (var b = 0; b < r.B; b++)
        {
            var row = r.Response[(b * 6)..((b + 1) * 6)];
            var first = Array.IndexOf(row, eos);
            for (var g = 0; g < 6; g++)
            {
                var after = first >= 0 && g > first;
                Assert.Equal(after ? 0f : 1f, r.ResponseMask[b * 6 + g]);
                if (after)
                {
                    Assert.Equal(22, row[g]);
                    Assert.Equal(0f, r.LogProbs[b * 6 + g]);
                }
            }
        }

        Assert.Equal(eos, r.Response[0]);
        Assert.All(r.Response[1..6], t => Assert.Equal(22, t));
        Assert.Contains(1f, r.ResponseMask[6..]); // other rows kept generating
    }

    private static void AssertEachTokenWithin(Gpt2Model model, GenerationResult r, int rank)
    {
        var v = model.Config.VocabSize;
        model.Forward(r.Tokens, r.Mask, r.B, r.TotalLength);
        var logits = model.Logits.ToArray();
        for (var b = 0; b < r.B; b++)
        for (var g = 0; g < r.G; g++)
        {
            var row = logits.AsSpan((b * r.TotalLength + r.PromptLength + g - 1) * v, v).ToArray();
            var token = r.Response[b * r.G + g];
            var higher = row.Count(x => x > row[token]);
            Assert.True(higher < rank, $"row {b} step {g}: token {token} has {higher} higher logits");
        }
    }
}
