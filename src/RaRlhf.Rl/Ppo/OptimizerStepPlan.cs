namespace RaRlhf.Rl.Ppo;

/// <summary>
/// One optimizer step: gradient_accumulation_steps mini-batches (row indices into the prepared batch). Zero the
/// gradients, run each mini-batch (forward, <see cref="PpoLoss.Compute"/> with the plan's loss scale, backward,
/// accumulate), clip to max_grad_norm if set, then step the optimizer.
/// </summary>
public sealed record OptimizerStepPlan(IReadOnlyList<int[]> MiniBatches);
