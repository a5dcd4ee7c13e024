namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Command to the PpoLearner: one PPO step on scored rollouts at a risk level. The CVaR batch filter runs inside
/// <c>PpoTrainer.Step</c> (it needs the learner's returns), so there is no separate filter hop.
/// </summary>
public sealed record Learn(ScoredRollouts Scored, RiskLevel Risk);
