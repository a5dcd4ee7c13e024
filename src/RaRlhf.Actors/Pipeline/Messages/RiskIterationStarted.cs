namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>RiskScheduler event: the schedule advanced to iteration m.</summary>
public sealed record RiskIterationStarted(int Iteration);
