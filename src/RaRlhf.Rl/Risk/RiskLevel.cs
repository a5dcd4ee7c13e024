namespace RaRlhf.Rl.Risk;

/// <summary>The risk level of iteration m: B0 episodes kept and the unrounded level α_m (B0 = ⌈α_m·B⌉).</summary>
public sealed record RiskLevel(int Iteration, int KeepCount, double Alpha);
