using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Tests;

public sealed class PpoBatchValidationTests
{
    private static readonly PpoSettings Two = new() { BatchSize = 2, MiniBatchSize = 2 };

    [Fact]
    public void Prepare_RowWithoutResponseToken_ThrowsNamingEpisode()
    {
        var r = Rollout(TokenMatrix.FromRows([[1, 1], [0, 0]]));
        Assert.Contains("episode 1", Assert.Throws<ArgumentException>(() => PpoBatch.Prepare(r, Two, 0.2)).Message);
    }

    [Fact]
    public void Prepare_NonBinaryMask_Throws()
    {
        var r = Rollout(TokenMatrix.FromRows([[1, 0.5f], [1, 1]]));
        Assert.Contains("(0, 1)", Assert.Throws<ArgumentException>(() => PpoBatch.Prepare(r, Two, 0.2)).Message);
    }

    [Fact]
    public void Prepare_BatchSizeMismatch_Throws()
    {
        var r = Rollout(TokenMatrix.FromRows([[1, 1], [1, 1]]));
        Assert.Contains("batch_size", Assert.Throws<ArgumentException>(() => PpoBatch.Prepare(r, Two with { BatchSize = 4 }, 0.2)).Message);
    }

    [Fact]
    public void Prepare_SingleKeptToken_ThrowsInsteadOfNaN()
    {
        var r = Rollout(TokenMatrix.FromRows([[1, 0], [1, 1]]), scores: [-5f, 5f]);
        Assert.Contains("fewer than 2", Assert.Throws<ArgumentException>(() => PpoBatch.Prepare(r, Two, 0.2, keepCount: 1)).Message);
    }

    [Fact]
    public void Prepare_FullKlWithoutDistributions_Throws()
    {
        var r = Rollout(TokenMatrix.FromRows([[1, 1], [1, 1]]));
        Assert.Contains("full", Assert.Throws<ArgumentException>(() => PpoBatch.Prepare(r, Two with { KlPenalty = KlPenaltyKind.Full }, 0.2)).Message);
    }

    [Fact]
    public void Prepare_ScoreClip_ClampsScoresBeforeShaping()
    {
        var r = Rollout(TokenMatrix.FromRows([[1, 1], [1, 1]]), scores: [10f, -10f]);
        var b = PpoBatch.Prepare(r, Two with { ScoreClip = 2 }, 0.0);
        Assert.Equal([0f, 2f, 0f, -2f], b.Rewards.Data);
    }

    private static PpoRollout Rollout(TokenMatrix mask, float[]? scores = null)
    {
        var z = new TokenMatrix(mask.Rows, mask.Cols);
        return new PpoRollout(scores ?? [1f, 2f], z, z, z, mask);
    }
}
