namespace RaRlhf.Rl.Risk;

/// <summary>How the CVaR level α_m (and B0 = ⌈α_m·B⌉) moves over the iterations.</summary>
public enum RiskScheduleKind
{
    /// <summary>The paper's soft-risk schedule: B for m ≤ n, linear to α by ⌈ρM⌉, then α.</summary>
    Soft,

    /// <summary>The older linear variant: no warm start, α_m = max(α, 1 − (1−α)·m/⌈ρM⌉) from m = 0.</summary>
    Linear,

    /// <summary>α at every iteration (α = 1: plain RLHF).</summary>
    Constant,
}
