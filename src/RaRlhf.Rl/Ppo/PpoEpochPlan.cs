namespace RaRlhf.Rl.Ppo;

/// <summary>One PPO epoch: a fresh permutation of the batch cut into optimizer steps.</summary>
public sealed record PpoEpochPlan(int Epoch, IReadOnlyList<OptimizerStepPlan> Steps);
