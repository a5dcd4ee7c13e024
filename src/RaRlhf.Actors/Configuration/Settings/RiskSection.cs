namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>risk { }</c>: the CVaR batch filter's level α and its schedule (warm start n, ρ).</summary>
public sealed record RiskSection(RiskScheduleKind Schedule, double Alpha, int Warmup, double Rho)
{
    public static RiskSection Read(SettingsReader r) => new(
        r.Choice("schedule", "soft", "linear", "constant") switch
        {
            "linear" => RiskScheduleKind.Linear,
            "constant" => RiskScheduleKind.Constant,
            _ => RiskScheduleKind.Soft,
        },
        r.Double("alpha", v => v is > 0 and <= 1, "must be in (0, 1] (1 = plain RLHF)"),
        r.Int("warmup", v => v >= 0, "must be ≥ 0"),
        r.Double("rho", v => v is > 0 and <= 1, "must be in (0, 1]"));
}
