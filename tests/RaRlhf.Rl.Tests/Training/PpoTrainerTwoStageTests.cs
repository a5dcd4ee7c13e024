using RaRlhf.Models;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using RaRlhf.Rl.Training;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// <see cref="PpoTrainer.Evaluate"/> + a selection made outside the trainer + <see cref="PpoTrainer.Finish"/> (what the
/// pipeline's learner does around the CvarFilter actor) against the one-call <see cref="PpoTrainer.Step"/>: same
/// weights and statistics bit for bit, and the selection passed in is the one applied.
/// </summary>
public sealed class PpoTrainerTwoStageTests
{
    private static readonly int[][] Queries = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [10, 11]];
    private static readonly int[][] Responses = [[12, 13, 14], [15, 16, 17, 18], [19, 20], [21, 22, 23]];
    private static readonly float[] Scores = [1f, -1f, 0.5f, 2f];
    private static readonly PpoSettings Settings = new() { BatchSize = 4, MiniBatchSize = 2, PpoEpochs = 2, LearningRate = 1e-2 };

    [Fact]
    public void EvaluateSelectFinish_TwoSteps_SameWeightsAndStatsAsStep()
    {
        PpoTrainer oneCall = Trainer(), twoStage = Trainer();
        for (var step = 0; step < 2; step++)
        {
            var expected = oneCall.Step(Episodes(), keepCount: 2);
            var pending = twoStage.Evaluate(Episodes());
            var actual = twoStage.Finish(pending, CvarFilter.Select(pending.EpisodeReturns, pending.Scores, 2));

            Assert.Equal(expected.Batch.Cvar.Kept, actual.Batch.Cvar.Kept);
            Assert.Equal(expected["objective/kl"], actual["objective/kl"]);
            Assert.Equal(expected["ppo/loss/total"], actual["ppo/loss/total"]);
        }

        Assert.Equal(oneCall.Policy.Parameters, twoStage.Policy.Parameters);
    }

    [Fact]
    public void Finish_SelectionKeepingAll_AppliesItInsteadOfAnyB0()
    {
        var pending = Trainer().Evaluate(Episodes());
        var trainer = Trainer();
        var report = trainer.Finish(trainer.Evaluate(Episodes()), CvarFilter.Select(pending.EpisodeReturns, pending.Scores, 4));
        var plain = Trainer().Step(Episodes());

        Assert.Equal(4, report.Batch.Cvar.KeptCount);
        Assert.Equal(plain.Batch.Mask.Data, report.Batch.Mask.Data);
        Assert.Equal(plain["ppo/loss/total"], report["ppo/loss/total"]);
    }

    [Fact]
    public void Finish_PendingOfAnEarlierStep_Throws()
    {
        var trainer = Trainer();
        var pending = trainer.Evaluate(Episodes());
        trainer.Step(Episodes());
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Finish(pending, CvarFilter.Select(pending.EpisodeReturns, pending.Scores, 4)));
        Assert.Contains("evaluated at step 0", error.Message);
    }

    private static PpoEpisodes Episodes() => new(Queries, Responses, Scores);

    private static PpoTrainer Trainer()
    {
        var config = TinyGpt2.Config();
        return new PpoTrainer(TinyGpt2.Generated(config, Gpt2Heads.Value, 1234), TinyGpt2.Generated(config, Gpt2Heads.None, 4321), Settings);
    }
}
