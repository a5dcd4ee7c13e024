namespace RaRlhf.Rl.Training;

/// <summary>
/// Reward-model (sequence classifier) training: <see cref="RewardModelTrainer"/>. AdamW, warmup + cosine, shuffled
/// epochs, texts truncated to <see cref="MaxLength"/> tokens.
/// </summary>
public sealed record RewardModelSettings
{
    public double LearningRate { get; init; } = 5e-5;

    public int WarmupSteps { get; init; } = 50;

    /// <summary>Optimizer steps in total.</summary>
    public int TotalSteps { get; init; } = 1000;

    public int BatchSize { get; init; } = 16;

    public int MaxLength { get; init; } = 256;

    public double WeightDecay { get; init; } = 0.01;

    public double? MaxGradNorm { get; init; } = 1.0;

    /// <summary>Validation accuracy every this many steps (and at the end); 0 = only at the end.</summary>
    public int EvalEvery { get; init; } = 100;

    public ulong Seed { get; init; }

    public RewardModelSettings Validate()
    {
        if (LearningRate <= 0 || WarmupSteps < 0 || TotalSteps < 1 || BatchSize < 1 || MaxLength < 1 || WeightDecay < 0 ||
            MaxGradNorm is <= 0 || EvalEvery < 0)
        {
            throw new ArgumentException($"invalid reward-model settings {this}: need learning_rate > 0, warmup ≥ 0, total_steps ≥ 1, " +
                                        "batch_size ≥ 1, max_length ≥ 1, weight_decay ≥ 0, max_grad_norm > 0 or null, eval_every ≥ 0");
        }

        return this;
    }
}
