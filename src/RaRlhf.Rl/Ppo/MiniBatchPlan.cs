using RaRlhf.Tensors;

namespace RaRlhf.Rl.Ppo;

/// <summary>
/// The index plan of TRL 0.7.2's optimisation loop as data: for each of ppo_epochs, a permutation of 0..B−1
/// cut into backward batches of mini_batch_size·gradient_accumulation_steps, each cut into mini-batches.
/// The permutation comes from SplitMix64 seeded by (seed, PPO step), not numpy's generator, so the same step
/// always trains on the same order. After each epoch ask <see cref="EarlyStopping"/> whether to continue.
/// </summary>
public sealed record MiniBatchPlan(IReadOnlyList<PpoEpochPlan> Epochs, double LossScale)
{
    /// <param name="ppoStep">Index of the PPO step (iteration m); mixes into the permutation seed.</param>
    public static MiniBatchPlan Create(PpoSettings settings, long ppoStep)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var rng = new SplitMix64(unchecked((ulong)settings.Seed * 0x9E3779B97F4A7C15UL ^ (ulong)ppoStep));
        var epochs = new List<PpoEpochPlan>(settings.PpoEpochs);
        for (var e = 0; e < settings.PpoEpochs; e++)
        {
            var order = rng.Permutation(settings.BatchSize);
            var steps = new List<OptimizerStepPlan>();
            for (var start = 0; start < settings.BatchSize; start += settings.BackwardBatchSize)
            {
                var minis = new List<int[]>(settings.GradientAccumulationSteps);
                for (var k = 0; k < settings.GradientAccumulationSteps; k++)
                {
                    minis.Add(order.AsSpan(start + k * settings.MiniBatchSize, settings.MiniBatchSize).ToArray());
                }

                steps.Add(new OptimizerStepPlan(minis));
            }

            epochs.Add(new PpoEpochPlan(e, steps));
        }

        return new MiniBatchPlan(epochs, 1.0 / settings.GradientAccumulationSteps);
    }
}
