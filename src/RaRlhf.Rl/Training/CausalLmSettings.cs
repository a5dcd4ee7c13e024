namespace RaRlhf.Rl.Training;

/// <summary>
/// Pretraining / SFT hyperparameters (<see cref="CausalLmTrainer"/>). The optimizer is torch.optim.AdamW
/// (β 0.9/0.999, eps 1e-8) over every parameter; the learning rate follows <see cref="WarmupCosineSchedule"/>.
/// </summary>
public sealed record CausalLmSettings
{
    /// <summary>Peak learning rate after warmup.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Floor the cosine decays to.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Optimizer steps of linear warmup from 0.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>Optimizer steps in total (the cosine reaches the floor here).</summary>
    public int TotalSteps { get; init; } = 1000;

    /// <summary>Sequences per micro-batch (one forward/backward).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches whose gradients are averaged into one optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Global gradient-norm clip before each step; null = none.</summary>
    public double? MaxGradNorm { get; init; } = 1.0;

    /// <summary>Compute the validation loss every this many optimizer steps (and at the end); 0 = only at the end.</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>Write a checkpoint every this many optimizer steps (and at the end) when a directory is given; 0 = only at the end.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Seeds the per-epoch shuffle of the training examples.</summary>
    public ulong Seed { get; init; }

    public CausalLmSettings Validate()
    {
        Require(LearningRate > 0 && MinLearningRate >= 0 && MinLearningRate <= LearningRate, "learning_rate / min_learning_rate", "0 ≤ min ≤ lr, lr > 0");
        Require(WarmupSteps >= 0 && TotalSteps >= 1, "warmup_steps / total_steps", "warmup ≥ 0, total ≥ 1");
        Require(BatchSize >= 1 && GradientAccumulationSteps >= 1, "batch_size / gradient_accumulation_steps", "≥ 1");
        Require(WeightDecay >= 0, "weight_decay", "≥ 0");
        Require(MaxGradNorm is null || MaxGradNorm > 0, "max_grad_norm", "> 0 or null");
        Require(EvalEvery >= 0 && CheckpointEvery >= 0, "eval_every / checkpoint_every", "≥ 0");
        return this;
    }

    private void Require(bool ok, string key, string allowed)
    {
        if (!ok) throw new ArgumentException($"training setting '{key}' is invalid in {this}: it must be {allowed}");
    }
}
