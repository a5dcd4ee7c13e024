using RaRlhf.Rl.Evaluation;
using RaRlhf.Tensors;

namespace RaRlhf.Rl.Tests.Evaluation;

public sealed class EvaluationMetricsTests
{
    // Prompt scores and completion rewards of four prompts; by prompt score the order is 1, 2, 0, 3.
    private static readonly double[] PromptScores = [3, 1, 2, 4];
    private static readonly double[] Rewards = [30, 10, 20, 40];

    [Fact]
    public void AverageReward_FourValues_MeanAndSampleStd()
    {
        var a = AverageReward.Compute(Rewards);
        Assert.Equal(25, a.Mean);
        Assert.Equal(Math.Sqrt(500.0 / 3), a.StandardDeviation, 12);
        Assert.Throws<ArgumentException>(() => AverageReward.Compute([]));
    }

    [Fact]
    public void TailReward_Threshold_PromptsAtOrBelow()
    {
        var t = TailReward.ByThreshold(PromptScores, Rewards, 2);
        Assert.Equal((TailRewardMethod.Threshold, 2, 4, 15.0), (t.Method, t.Count, t.Total, t.Mean));
        Assert.Throws<ArgumentException>(() => TailReward.ByThreshold(PromptScores, Rewards, 0.5));
    }

    [Fact]
    public void TailReward_Quantile_LowestCeilQN()
    {
        var t = TailReward.ByQuantile(PromptScores, Rewards, 0.3m); // ⌈1.2⌉ = 2 prompts: scores 1, 2
        Assert.Equal((TailRewardMethod.Quantile, 2, 15.0, 2.0), (t.Method, t.Count, t.Mean, t.PromptScoreCutoff));
        Assert.Equal(1, TailReward.ByQuantile(PromptScores, Rewards, 0.25m).Count); // exactly 1, not 1.0000001 → 2
        Assert.Throws<ArgumentOutOfRangeException>(() => TailReward.ByQuantile(PromptScores, Rewards, 0m));
        Assert.Throws<ArgumentException>(() => TailReward.ByQuantile(PromptScores, [1.0], 0.5m));
    }

    [Fact]
    public void QuantileCurve_FourPrompts_HandValues()
    {
        var curve = QuantileCurve.Compute(PromptScores, Rewards);
        Assert.Equal(100, curve.Count);
        Assert.Equal(new QuantileCurvePoint(1, 1, 10), curve[0]);
        Assert.Equal(new QuantileCurvePoint(25, 1, 10), curve[24]);
        Assert.Equal(new QuantileCurvePoint(26, 2, 15), curve[25]);
        Assert.Equal(new QuantileCurvePoint(75, 3, 20), curve[74]);
        Assert.Equal(new QuantileCurvePoint(100, 4, 25), curve[99]);
    }

    [Fact]
    public void QuantileCurve_RandomPrompts_MatchesNaiveSortAndMean()
    {
        var rng = new SplitMix64(3);
        var scores = Enumerable.Range(0, 37).Select(_ => Math.Round(rng.NextUnit() * 10, 1)).ToArray(); // ties likely
        var rewards = Enumerable.Range(0, 37).Select(_ => rng.NextUnit()).ToArray();
        var curve = QuantileCurve.Compute(scores, rewards);
        var sorted = scores.Select((s, i) => (s, i)).OrderBy(p => p.s).ThenBy(p => p.i).Select(p => rewards[p.i]).ToArray();
        foreach (var p in curve)
        {
            var k = (int)Math.Ceiling(p.Percent * 37 / 100m);
            Assert.Equal(k, p.Count);
            Assert.Equal(sorted.Take(k).Average(), p.MeanReward, 12);
        }
    }

    [Fact]
    public void Perplexity_TokenWeighted_ExpOfMeanNll()
    {
        var p = Perplexity.Compute([[1f, 2f], [3f], []]);
        Assert.Equal((3, 3L, 2.0), (p.Texts, p.Tokens, p.MeanNll));
        Assert.Equal(Math.Exp(2), p.Value, 12);
        Assert.Throws<ArgumentException>(() => Perplexity.Compute([[]]));
        Assert.Throws<ArgumentException>(() => Perplexity.Compute([[float.NaN]]));
    }

    [Fact]
    public void DistinctNgrams_HandExamples()
    {
        int[][] gens = [[1, 2, 1, 2], [5, 5, 5], [7]];
        // [1,2,1,2]: unigrams 2/4, bigrams {12, 21} 2/3, trigrams {121, 212} 2/2. [5,5,5]: 1/3, 1/2, 1/1. [7]: 1/1, —, —.
        var d1 = DistinctNgrams.Compute<int>(gens, 1);
        Assert.Equal((0.5 + 1 / 3.0 + 1) / 3, d1.Value, 12);
        Assert.Equal((3, 0), (d1.Generations, d1.Skipped));
        var d2 = DistinctNgrams.Compute<int>(gens, 2);
        Assert.Equal((2 / 3.0 + 0.5) / 2, d2.Value, 12);
        Assert.Equal((2, 1), (d2.Generations, d2.Skipped));
        Assert.Equal(1.0, DistinctNgrams.Compute<int>(gens, 3).Value, 12);
        Assert.True(double.IsNaN(DistinctNgrams.Compute<int>([[1]], 2).Value));
        string[][] words = [["the", "cat", "the", "cat"]];
        Assert.Equal(0.5, DistinctNgrams.Compute<string>(words, 1).Value);
    }

    [Fact]
    public void DistinctNgramsDexpertsScript_GroupedByPrompt_DividesByTokens()
    {
        // Prompt A: [1 2 1], [2 1] → 5 tokens; unigrams {1, 2} → 2/5; bigrams {12, 21} → 2/5; trigrams {121} → 1/5.
        // Prompt B: [3 3 3 3] → unigrams 1/4, bigrams 1/4, trigrams 1/4.
        int[][][] prompts = [[[1, 2, 1], [2, 1]], [[3, 3, 3, 3]]];
        Assert.Equal((2 / 5.0 + 1 / 4.0) / 2, DistinctNgrams.ComputeDexpertsScript<int>(prompts, 1).Value, 12);
        Assert.Equal((2 / 5.0 + 1 / 4.0) / 2, DistinctNgrams.ComputeDexpertsScript<int>(prompts, 2).Value, 12);
        Assert.Equal((1 / 5.0 + 1 / 4.0) / 2, DistinctNgrams.ComputeDexpertsScript<int>(prompts, 3).Value, 12);
        // One generation per prompt, n = 1: both definitions agree.
        int[][] single = [[1, 2, 1, 2], [5, 5, 5]];
        Assert.Equal(DistinctNgrams.Compute<int>(single, 1).Value,
            DistinctNgrams.ComputeDexpertsScript<int>(single.Select(g => new[] { g }).ToArray(), 1).Value, 12);
    }

    [Fact]
    public void RewardHistogram_FixedBins_EdgesAndOutOfRange()
    {
        var h = RewardHistogram.Create([0, 0.5, 1, -1, 2, 0.4999], 0, 1, 2);
        Assert.Equal([0, 0.5, 1], h.Edges);
        Assert.Equal([2, 2], h.Counts); // [0, 0.5): 0, 0.4999; [0.5, 1]: 0.5, 1 (last bin closed)
        Assert.Equal((1, 1), (h.Below, h.Above));
        Assert.Throws<ArgumentException>(() => RewardHistogram.Create([1], 1, 1, 3));
        var tenths = RewardHistogram.Create(Enumerable.Range(0, 11).Select(i => i / 10.0), 0, 1, 10);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 2], tenths.Counts);
    }
}
