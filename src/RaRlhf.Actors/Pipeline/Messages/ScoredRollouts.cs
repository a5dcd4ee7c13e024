namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Rollouts with one reward-model score per episode and optional extra metrics of the scorer.</summary>
public sealed record ScoredRollouts(Rollouts Rollouts, float[] Scores, IReadOnlyDictionary<string, double> Extra);
