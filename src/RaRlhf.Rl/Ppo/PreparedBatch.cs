using RaRlhf.Rl.Risk;

namespace RaRlhf.Rl.Ppo;

/// <summary>
/// A batch ready for the PPO epochs, every matrix (B, T_resp). <see cref="Mask"/> is the response mask after the
/// CVaR filter; <see cref="Advantages"/> are whitened over it; <see cref="Values"/> are values·mask (TRL's old
/// values); <see cref="Returns"/> = raw advantages + values. Pass rows of it to <see cref="PpoLoss.Compute"/>.
/// </summary>
public sealed record PreparedBatch(
    TokenMatrix OldLogProbs,
    TokenMatrix Values,
    TokenMatrix Advantages,
    TokenMatrix Returns,
    TokenMatrix Mask,
    TokenMatrix Rewards,
    TokenMatrix NonScoreRewards,
    float[] EpisodeReturns,
    CvarSelection Cvar,
    BatchStatistics Statistics)
{
    public int BatchSize => Mask.Rows;
}
