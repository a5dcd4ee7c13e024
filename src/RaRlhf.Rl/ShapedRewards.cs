namespace RaRlhf.Rl;

/// <summary>Per-token rewards (B, T) with the score at the last response token, and their KL-only part.</summary>
public sealed record ShapedRewards(TokenMatrix Rewards, TokenMatrix NonScoreRewards);
