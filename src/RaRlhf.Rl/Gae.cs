namespace RaRlhf.Rl;

/// <summary>
/// Generalized advantage estimation exactly as TRL 0.7.2 <c>compute_advantages</c>: values and rewards are first
/// multiplied by the mask, then a reversed loop over all T columns, δ_t = r_t + γ·V_{t+1} − V_t (V_T = 0),
/// A_t = δ_t + γλ·A_{t+1}; returns R = A + V. Whitening the advantages is left to the caller
/// (<see cref="Ppo.PpoBatch"/>) because the CVaR filter decides which tokens it runs over.
/// </summary>
public static class Gae
{
    /// <param name="values">Value-head outputs of the behaviour policy (B, T).</param>
    /// <param name="rewards">Shaped per-token rewards (B, T), see <see cref="RewardShaping"/>.</param>
    /// <param name="mask">1 on response tokens (B, T).</param>
    /// <param name="whitenRewards">TRL whiten_rewards: masked-whiten the rewards (mean kept) before the loop.</param>
    public static GaeResult Compute(TokenMatrix values, TokenMatrix rewards, TokenMatrix mask, double gamma, double lam, bool whitenRewards = false)
    {
        values.RequireSameShape(mask, "mask", "values");
        rewards.RequireSameShape(mask, "mask", "rewards");
        int rows = mask.Rows, cols = mask.Cols;
        var v = new TokenMatrix(rows, cols);
        var r = new TokenMatrix(rows, cols);
        for (var i = 0; i < v.Data.Length; i++)
        {
            v.Data[i] = values.Data[i] * mask.Data[i];
            r.Data[i] = rewards.Data[i] * mask.Data[i];
        }

        if (whitenRewards)
        {
            r = Masked.Whiten(r, mask, shiftMean: false);
        }

        var advantages = new TokenMatrix(rows, cols);
        var returns = new TokenMatrix(rows, cols);
        for (var b = 0; b < rows; b++)
        {
            double lastGaeLam = 0;
            for (var t = cols - 1; t >= 0; t--)
            {
                double next = t < cols - 1 ? v[b, t + 1] : 0.0;
                var delta = r[b, t] + gamma * next - v[b, t];
                lastGaeLam = delta + gamma * lam * lastGaeLam;
                advantages[b, t] = (float)lastGaeLam;
                returns[b, t] = (float)(lastGaeLam + v[b, t]);
            }
        }

        return new GaeResult(v, advantages, returns);
    }
}
