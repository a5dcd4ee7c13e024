using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Tensors;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>CausalLmTrainer on a tiny GPT-2 and a synthetic corpus (counting sequences mod 16 with random starts).</summary>
public sealed class CausalLmTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_CountingCorpus_ValidationLossDropsAndCheckpointReloads()
    {
        var model = NewModel();
        var settings = new CausalLmSettings { LearningRate = 1e-2, WarmupSteps = 5, TotalSteps = 40, BatchSize = 8, EvalEvery = 20, CheckpointEvery = 20, MaxGradNorm = 1.0 };
        var trainer = new CausalLmTrainer(model, settings);
        var train = LmCorpus.Packed(Documents(40, seed: 1), 12, separatorId: 0);
        var validation = LmCorpus.Padded(Documents(8, seed: 2), 12);
        var before = trainer.Evaluate(validation);
        var root = Path.Combine(Path.GetTempPath(), $"rarlhf-lm-{Guid.NewGuid():N}");
        var reports = new List<TrainingProgress>();
        try
        {
            var last = trainer.Train(train, validation, root, reports.Add);
            output.WriteLine($"validation NLL {before:F3} → {last.ValidationLoss:F3} (ln 16 = {Math.Log(16):F3}); train loss {reports[0].TrainLoss:F3} → {last.TrainLoss:F3}");
            Assert.Equal(40, reports.Count);
            Assert.Equal([20, 40], reports.Where(r => r.ValidationLoss is not null).Select(r => r.Step));
            Assert.True(last.ValidationLoss < before - 1.0, $"validation loss should drop by > 1 nat: {before:F3} → {last.ValidationLoss:F3}");
            Assert.Equal(["step-000020", "step-000040"], Directory.GetDirectories(root).Select(Path.GetFileName).Order());
            Assert.Empty(Directory.GetDirectories(root, "*.tmp-*"));
            var reloaded = Gpt2Checkpoint.Load(last.Checkpoint!);
            Assert.Equal(model.Parameters, reloaded.Parameters);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Train_TwoMicroBatchesOfTwo_EqualsOneBatchOfFour()
    {
        var corpus = LmCorpus.Padded(Documents(4, seed: 3), 6); // every document has ≥ 6 tokens: equal token counts per row
        Assert.Equal(4, corpus.Count);
        var whole = NewModel();
        var split = NewModel();
        var common = new CausalLmSettings { LearningRate = 1e-2, WarmupSteps = 0, TotalSteps = 3, MaxGradNorm = null, EvalEvery = 0 };
        new CausalLmTrainer(whole, common with { BatchSize = 4 }).Train(corpus);
        new CausalLmTrainer(split, common with { BatchSize = 2, GradientAccumulationSteps = 2 }).Train(corpus);
        var diff = whole.Parameters.Zip(split.Parameters, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"max |Δparam| batch 4 vs 2×2 accumulation: {diff:E2} (tolerance 1e-5 = 0.1% of one lr-sized Adam move; rounding differs between the two summation orders)");
        Assert.True(diff <= 1e-5, $"accumulated gradients differ: {diff:E2}");
        Assert.NotEqual(NewModel().Parameters, whole.Parameters);
    }

    [Fact]
    public void Packed_TooFewTokens_ThrowsNamingTheCount()
    {
        var e = Assert.Throws<ArgumentException>(() => LmCorpus.Packed([[1, 2, 3]], 8, separatorId: null));
        Assert.Contains("3 tokens", e.Message);
    }

    private static Gpt2Model NewModel()
    {
        var model = new Gpt2Model(TinyGpt2.Config(vocab: 16, positions: 16, embd: 16));
        Gpt2Init.InitializeFromScratch(model, 7);
        return model;
    }

    /// <summary>Documents "s, s+1, s+2, …" mod 16 (tokens 1..15, 0 is the separator) of length 6–10.</summary>
    private static List<int[]> Documents(int count, ulong seed) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var start = (int)(SplitMix64.At(seed, (ulong)(2 * i)) % 15);
            var length = 6 + (int)(SplitMix64.At(seed, (ulong)(2 * i + 1)) % 5);
            return Enumerable.Range(0, length).Select(t => 1 + (start + t) % 15).ToArray();
        }).ToList();
}
