namespace RaRlhf.Rl.Risk;

/// <summary>What the CVaR filter ranks episodes by.</summary>
public enum CvarRankBy
{
    /// <summary>The episode return: GAE return R at the first response token (the paper's choice, default).</summary>
    Return,

    /// <summary>The reward-model score of the episode.</summary>
    Score,
}
