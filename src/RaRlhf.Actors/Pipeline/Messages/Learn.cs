namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Command to the PpoLearner: one PPO step on scored rollouts at a risk level. The learner evaluates the episode
/// returns and asks the CvarFilter for the selection of B0 = <see cref="RiskLevel.KeepCount"/> episodes.
/// </summary>
public sealed record Learn(ScoredRollouts Scored, RiskLevel Risk);
