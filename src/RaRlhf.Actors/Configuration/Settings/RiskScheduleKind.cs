namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>risk.schedule</c>: how the kept batch size B0(m) moves from B to ⌈αB⌉.</summary>
public enum RiskScheduleKind
{
    /// <summary>The paper's schedule: B for m ≤ n, linear decay, ⌈αB⌉ from ⌈ρM⌉.</summary>
    Soft,

    /// <summary>Linear decay from the first iteration (n = 0).</summary>
    Linear,

    /// <summary>⌈αB⌉ from the start.</summary>
    Constant,
}
