namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to a RewardScorer: score every episode.</summary>
public sealed record Score(Rollouts Rollouts);
