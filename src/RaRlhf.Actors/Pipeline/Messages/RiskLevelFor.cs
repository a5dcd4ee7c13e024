namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to the RiskScheduler: the CVaR level of iteration m.</summary>
public sealed record RiskLevelFor(int Iteration);
