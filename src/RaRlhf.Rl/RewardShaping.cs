namespace RaRlhf.Rl;

/// <summary>
/// TRL 0.7.2 <c>compute_rewards</c>: per-token reward r_t = −β·kl_t, plus the episode's score added at the
/// last non-masked response token. Returns both the shaped rewards and the KL-only part (non-score rewards).
/// </summary>
public static class RewardShaping
{
    /// <param name="scores">Reward-model score per episode (B).</param>
    /// <param name="klPerToken">Per-token KL penalty (B, T), see <see cref="KlPenalty"/>.</param>
    /// <param name="mask">1 on response tokens (B, T); every row needs at least one.</param>
    /// <param name="klCoef">β, the KL controller's current value.</param>
    public static ShapedRewards Compute(ReadOnlySpan<float> scores, TokenMatrix klPerToken, TokenMatrix mask, double klCoef)
    {
        klPerToken.RequireSameShape(mask, "kl", "mask");
        if (scores.Length != mask.Rows)
        {
            throw new ArgumentException($"{scores.Length} scores for a batch of {mask.Rows} episodes");
        }

        var nonScore = new TokenMatrix(mask.Rows, mask.Cols);
        for (var i = 0; i < nonScore.Data.Length; i++)
        {
            nonScore.Data[i] = (float)(-klCoef * klPerToken.Data[i]);
        }

        var rewards = nonScore.Clone();
        for (var b = 0; b < mask.Rows; b++)
        {
            var last = MaskIndex.Last(mask, b);
            rewards[b, last] += scores[b];
        }

        return new ShapedRewards(rewards, nonScore);
    }
}
