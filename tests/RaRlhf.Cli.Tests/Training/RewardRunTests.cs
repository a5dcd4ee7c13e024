using System.Text.Json;
using RaRlhf.Cli.Training;
using RaRlhf.Models;
using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests.Training;

public sealed class RewardRunTests(ITestOutputHelper output)
{
    /// <summary>Label 1 iff the sentence's object is one of the first two (a token-level, learnable rule).</summary>
    private static List<(string, int)> Labelled(int count, int offset) => TinyTraining.Corpus(count + offset).Skip(offset)
        .Select(t => (t, t.Contains("the mat", StringComparison.Ordinal) || t.Contains("a red box", StringComparison.Ordinal) ? 1 : 0))
        .ToList();

    [Fact]
    public void Run_SyntheticLabels_ReachesHighValidationAccuracyAndWritesRewardJson()
    {
        var tokenizer = TinyTraining.Tokenizer();
        var model = new Gpt2Model(TinyTraining.Config(), Gpt2Heads.Score, numLabels: 2);
        Gpt2Init.InitializeFromScratch(model, seed: 2);
        var task = new RewardTask("synthetic", Labelled(250, 0), Labelled(50, 250), ScoreLabel: 1, Sign: -1, ScoreMeaning: "label 1 logit");
        var dir = Path.Combine(TinyTraining.TempDir(), "rm");
        var lines = new List<string>();

        var last = RewardRun.Run(model, tokenizer, task, new RewardRunSettings(32, 16, 80, 3e-3, 5, 20, 0), dir, lines.Add);

        foreach (var line in lines) output.WriteLine(line);
        Assert.True(last.ValidationAccuracy > 0.9, $"validation accuracy {last.ValidationAccuracy}");
        Assert.Contains(lines, l => l.StartsWith("step 20/80", StringComparison.Ordinal) && l.Contains("val_acc", StringComparison.Ordinal));
        using var reward = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RewardRun.RewardFile)));
        Assert.Equal("synthetic", reward.RootElement.GetProperty("task").GetString());
        Assert.Equal(1, reward.RootElement.GetProperty("score_label").GetInt32());
        Assert.Equal(-1, reward.RootElement.GetProperty("sign").GetInt32());
        Assert.Equal(last.ValidationAccuracy!.Value, reward.RootElement.GetProperty("validation_accuracy").GetDouble(), 12);
        var reloaded = Gpt2Checkpoint.Load(dir, Gpt2Heads.Score);
        Assert.Equal(2, reloaded.Layout.NumLabels);
        Assert.Equal(model.Parameters, reloaded.Parameters);
    }
}
