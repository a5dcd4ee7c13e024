namespace RaRlhf.Models.Heads;

/// <summary>
/// One learner forward over (B, T) tokens. LogProbs[b, t] = log π(ids[b, t+1] | ids[b, ≤t]) and Entropy[b, t] the
/// entropy of that next-token distribution, both (B, T−1); Values (B, T) from the value head (empty without one).
/// Entries at padded positions are computed but meaningless; the caller masks them.
/// </summary>
public sealed record PolicyOutputs(int B, int T, float[] LogProbs, float[] Values, float[] Entropy);
