using RaRlhf.Models;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Training;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>The settings the parity fixture does not exercise: early stopping, ratio-threshold skips, score scaling, padded input.</summary>
public sealed class PpoTrainerSettingsTests
{
    private static readonly int[][] Queries = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [10, 11]];
    private static readonly int[][] Responses = [[12, 13, 14], [15, 16, 17, 18], [19, 20], [21, 22, 23]];
    private static readonly float[] Scores = [1f, -1f, 0.5f, 2f];

    [Fact]
    public void Step_EarlyStoppingWithTinyTargetKl_StopsBeforeTheLastEpoch()
    {
        // policykl = mean(old − new) is signed, so the first epoch whose last mini-batch moved "up" stops the loop.
        var settings = new PpoSettings { BatchSize = 4, MiniBatchSize = 2, PpoEpochs = 4, LearningRate = 1e-2, EarlyStopping = true, TargetKl = 1e-9 };
        var stopped = Trainer(settings).Step(new PpoEpisodes(Queries, Responses, Scores));
        var full = Trainer(settings with { EarlyStopping = false }).Step(new PpoEpisodes(Queries, Responses, Scores));
        Assert.InRange(stopped["ppo/epochs"], 1, 3);
        Assert.Equal(2 * stopped["ppo/epochs"], stopped["ppo/minibatches"]);
        Assert.Equal(4, full["ppo/epochs"]);
    }

    [Fact]
    public void Step_RatioThresholdBelowOne_SkipsEveryMiniBatchAndLeavesWeights()
    {
        var trainer = Trainer(new PpoSettings { BatchSize = 4, MiniBatchSize = 4, PpoEpochs = 2, RatioThreshold = 0.5 });
        var before = (float[])trainer.Policy.Parameters.Clone();
        var report = trainer.Step(new PpoEpisodes(Queries, Responses, Scores));
        Assert.Equal(2, report["ppo/minibatches_skipped"]);
        Assert.Equal(0, report["ppo/loss/total"]);
        Assert.Equal(before, trainer.Policy.Parameters); // zero gradients from zero moments: Adam moves by 0
        Assert.Equal(2, trainer.Capture().AdamStep);      // but it stepped, as TRL
    }

    [Fact]
    public void Step_ScoreScaling_AddsRunningScaledScoreAtLastToken()
    {
        var report = Trainer(new PpoSettings { BatchSize = 4, MiniBatchSize = 4, PpoEpochs = 1, UseScoreScaling = true })
            .Step(new PpoEpisodes(Queries, Responses, Scores));
        var expected = new RunningMoments().Scale(Scores, normalize: false);
        for (var b = 0; b < 4; b++)
        {
            var last = Responses[b].Length - 1;
            var added = report.Batch.Rewards[b, last] - report.Batch.NonScoreRewards[b, last];
            Assert.Equal(expected[b], added, 5);
        }

        Assert.Equal(Scores.Average(), report["env/reward_mean"], 6);
    }

    [Fact]
    public void FromPadded_PrefixMask_CutsResponsesAndRejectsHoles()
    {
        var e = PpoEpisodes.FromPadded([[1], [2]], [5, 6, 7, 8, 9, 0], [1, 1, 1, 1, 1, 0], 3, [0f, 1f]);
        Assert.Equal([5, 6, 7], e.Responses[0]);
        Assert.Equal([8, 9], e.Responses[1]);
        var ex = Assert.Throws<ArgumentException>(() => PpoEpisodes.FromPadded([[1]], [5, 6, 7], [1, 0, 1], 3, [0f]));
        Assert.Contains("episode 0", ex.Message);
    }

    private static PpoTrainer Trainer(PpoSettings settings)
    {
        var config = TinyGpt2.Config();
        return new PpoTrainer(TinyGpt2.Generated(config, Gpt2Heads.Value, 1234), TinyGpt2.Generated(config, Gpt2Heads.None, 4321), settings);
    }
}
