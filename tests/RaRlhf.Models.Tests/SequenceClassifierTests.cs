using RaRlhf.Models.Heads;

namespace RaRlhf.Models.Tests;

public sealed class SequenceClassifierTests
{
    private const int B = 3, T = 6;

    [Fact]
    public void Forward_LeftOrRightPadding_ScoresTheLastRealToken()
    {
        var model = SmallModels.Create(Gpt2Heads.Score, numLabels: 2);
        var rm = new SequenceClassifier(model);
        var tokens = new[] { 5, 9, 2 };
        float[] left = [0, 0, 0, 1, 1, 1], right = [1, 1, 1, 0, 0, 0];
        var l = rm.Forward([0, 0, 0, .. tokens], left, 1, T);
        var r = rm.Forward([.. tokens, 0, 0, 0], right, 1, T);
        var unpadded = rm.Forward(tokens, [], 1, 3);
        Assert.Equal(unpadded[0], l[0], 5);
        Assert.Equal(unpadded[1], l[1], 5);
        Assert.Equal(unpadded[0], r[0], 5);
        Assert.Equal(unpadded[1], r[1], 5);
    }

    [Fact]
    public void BackwardScores_LeftPaddedBatch_MatchesFiniteDifferences()
    {
        var model = SmallModels.Create(Gpt2Heads.Score, numLabels: 2);
        var rm = new SequenceClassifier(model);
        var ids = SmallModels.Ids(B, T);
        var mask = SmallModels.LeftPadMask(B, T);
        float[] dScores = [0.7f, -1.3f, 0.4f];
        double Objective() => rm.ForwardScores(ids, mask, B, T, label: 1).Select((s, i) => (double)s * dScores[i]).Sum();
        Objective();
        rm.BackwardScores(dScores, label: 1);
        Assert.All(model.Grad(Gpt2Layout.ScoreWeight).Span[..16].ToArray(), g => Assert.Equal(0f, g)); // label 0 row untouched
        FiniteDifferences.Check(model, Objective, [Gpt2Layout.ScoreWeight, "h.1.ln_1.weight", "h.0.mlp.c_proj.weight", "wte.weight", "wpe.weight"]);
    }

    [Fact]
    public void Constructor_ModelWithoutScoreHead_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SequenceClassifier(SmallModels.Create()));
    }
}
