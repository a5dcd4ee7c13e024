using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Tensors;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>RewardModelTrainer on a separable synthetic task: positives use tokens 8–15, negatives 2–7.</summary>
public sealed class RewardModelTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_SeparableTokens_HighValidationAccuracyAndPositiveScoresHigher()
    {
        var model = new Gpt2Model(TinyGpt2.Config(vocab: 16, positions: 16, embd: 16), Gpt2Heads.Score, numLabels: 2);
        Gpt2Init.InitializeFromScratch(model, 11);
        var settings = new RewardModelSettings { LearningRate = 3e-3, WarmupSteps = 5, TotalSteps = 60, BatchSize = 16, EvalEvery = 30 };
        var trainer = new RewardModelTrainer(model, settings);
        var train = Data(96, seed: 1);
        var validation = Data(48, seed: 2);
        var before = trainer.Accuracy(validation);
        var reports = new List<TrainingProgress>();
        var last = trainer.Train(train, validation, reports.Add);
        var scores = trainer.Scores(validation.Select(v => v.Ids).ToList());
        double pos = Mean(scores, validation, 1), neg = Mean(scores, validation, 0);
        output.WriteLine($"validation accuracy {before:F3} → {last.ValidationAccuracy:F3}; loss {reports[0].TrainLoss:F3} → {last.TrainLoss:F3}; mean positive logit pos {pos:F3} neg {neg:F3}");
        Assert.True(last.ValidationAccuracy >= 0.95, $"accuracy {last.ValidationAccuracy}");
        Assert.True(pos > neg + 1, "the positive logit must score positives higher");
        Assert.Equal([30, 60], reports.Where(r => r.ValidationAccuracy is not null).Select(r => r.Step));
    }

    [Fact]
    public void Constructor_OneLabel_Throws()
    {
        var model = new Gpt2Model(TinyGpt2.Config(vocab: 16, positions: 16, embd: 16), Gpt2Heads.Score, numLabels: 1);
        Assert.Throws<ArgumentException>(() => new RewardModelTrainer(model, new RewardModelSettings()));
    }

    private static double Mean(float[] scores, IReadOnlyList<LabeledSequence> data, int label) =>
        Enumerable.Range(0, data.Count).Where(i => data[i].Label == label).Average(i => scores[i]);

    private static List<LabeledSequence> Data(int count, ulong seed) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var label = i % 2;
            var length = 4 + (int)(SplitMix64.At(seed, (ulong)(100 * i)) % 6);
            var ids = Enumerable.Range(0, length)
                .Select(t => (label == 1 ? 8 : 2) + (int)(SplitMix64.At(seed, (ulong)(100 * i + 1 + t)) % (ulong)(label == 1 ? 8 : 6)))
                .ToArray();
            return new LabeledSequence(ids, label);
        }).ToList();
}
