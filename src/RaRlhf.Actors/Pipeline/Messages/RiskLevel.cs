namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>The risk level of iteration m: B0 episodes to keep and the unrounded level α_m.</summary>
public sealed record RiskLevel(int Iteration, int KeepCount, double Alpha);
