namespace RaRlhf.Rl.Ppo;

/// <summary>
/// Every PPO hyperparameter in one place, defaults = Hugging Face TRL 0.7.2 <c>PPOConfig</c> (CleanRL style: each
/// documented where it is declared). Names in messages are TRL's snake_case keys. The paper (RA-RLHF) runs
/// batch_size = mini_batch_size = 128; see <see cref="ForWholeBatch"/>.
/// </summary>
public sealed record PpoSettings
{
    /// <summary>learning_rate: Adam step size used by the learner (GPT-2 scale).</summary>
    public double LearningRate { get; init; } = 1.41e-5;

    /// <summary>batch_size: episodes (prompt + response) collected per PPO step, B.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>mini_batch_size: episodes per forward/backward pass inside an epoch.</summary>
    public int MiniBatchSize { get; init; } = 1;

    /// <summary>gradient_accumulation_steps: mini-batches whose gradients are summed (each scaled 1/steps) per optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>ppo_epochs: passes over the (re-shuffled) batch per PPO step.</summary>
    public int PpoEpochs { get; init; } = 4;

    /// <summary>gamma: discount γ in GAE.</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>lam: GAE λ (bias/variance trade-off of the advantage).</summary>
    public double Lam { get; init; } = 0.95;

    /// <summary>cliprange: ε of the clipped policy ratio, clip(ratio, 1 − ε, 1 + ε).</summary>
    public double ClipRange { get; init; } = 0.2;

    /// <summary>cliprange_value: the value prediction may move at most this far from the old value before clipping.</summary>
    public double ClipRangeValue { get; init; } = 0.2;

    /// <summary>vf_coef: weight of the value loss in loss = pg_loss + vf_coef·vf_loss.</summary>
    public double VfCoef { get; init; } = 0.1;

    /// <summary>init_kl_coef: initial β of the per-token KL penalty −β·KL.</summary>
    public double InitKlCoef { get; init; } = 0.2;

    /// <summary>adap_kl_ctrl: adapt β towards <see cref="Target"/> (Ziegler et al.); false keeps β fixed.</summary>
    public bool AdaptiveKlControl { get; init; } = true;

    /// <summary>target: KL the adaptive controller steers towards (nats per episode, summed over tokens).</summary>
    public double Target { get; init; } = 6.0;

    /// <summary>horizon: adaptive controller horizon; β moves by a factor 1 + e·B/horizon per step.</summary>
    public double Horizon { get; init; } = 10000;

    /// <summary>kl_penalty: per-token KL estimate, "kl" | "abs" | "mse" | "full".</summary>
    public KlPenaltyKind KlPenalty { get; init; } = KlPenaltyKind.Kl;

    /// <summary>ratio_threshold: a mini-batch whose mean ratio exceeds this is skipped (zero loss and gradient).</summary>
    public double RatioThreshold { get; init; } = 10.0;

    /// <summary>early_stopping: stop the PPO epochs once the policy KL exceeds 1.5·target_kl.</summary>
    public bool EarlyStopping { get; init; }

    /// <summary>target_kl: the early-stopping KL budget (nats per token).</summary>
    public double TargetKl { get; init; } = 1.0;

    /// <summary>max_grad_norm: clip the global gradient norm to this before each optimizer step; null = no clipping.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>whiten_rewards: masked-whiten the per-token rewards (mean kept) before GAE.</summary>
    public bool WhitenRewards { get; init; }

    /// <summary>use_score_scaling: divide scores by the running score std (<see cref="RunningMoments.Scale"/>, learner-held state).</summary>
    public bool UseScoreScaling { get; init; }

    /// <summary>use_score_norm: with score scaling, also subtract the running mean.</summary>
    public bool UseScoreNorm { get; init; }

    /// <summary>score_clip: clamp reward-model scores to ±score_clip before shaping; null = no clamp.</summary>
    public double? ScoreClip { get; init; }

    /// <summary>seed: seeds the mini-batch permutation (and, in the learner, everything else random).</summary>
    public int Seed { get; init; }

    /// <summary>backward_batch_size = mini_batch_size · gradient_accumulation_steps: episodes per optimizer step.</summary>
    public int BackwardBatchSize => MiniBatchSize * GradientAccumulationSteps;

    /// <summary>The paper's setup: one mini-batch = the whole batch, no accumulation, TRL defaults otherwise.</summary>
    public static PpoSettings ForWholeBatch(int batchSize) => new() { BatchSize = batchSize, MiniBatchSize = batchSize };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid key and what is allowed.</summary>
    public PpoSettings Validate()
    {
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning_rate", LearningRate, "a positive finite number");
        Require(BatchSize >= 1, "batch_size", BatchSize, "≥ 1");
        Require(MiniBatchSize >= 1, "mini_batch_size", MiniBatchSize, "≥ 1");
        Require(GradientAccumulationSteps >= 1, "gradient_accumulation_steps", GradientAccumulationSteps, "≥ 1");
        Require(BatchSize % BackwardBatchSize == 0, "batch_size", BatchSize,
            $"a multiple of mini_batch_size · gradient_accumulation_steps = {BackwardBatchSize}");
        Require(PpoEpochs >= 1, "ppo_epochs", PpoEpochs, "≥ 1");
        Require(Gamma is >= 0 and <= 1, "gamma", Gamma, "in [0, 1]");
        Require(Lam is >= 0 and <= 1, "lam", Lam, "in [0, 1]");
        Require(ClipRange > 0 && double.IsFinite(ClipRange), "cliprange", ClipRange, "> 0");
        Require(ClipRangeValue > 0 && double.IsFinite(ClipRangeValue), "cliprange_value", ClipRangeValue, "> 0");
        Require(VfCoef >= 0 && double.IsFinite(VfCoef), "vf_coef", VfCoef, "≥ 0");
        Require(InitKlCoef >= 0 && double.IsFinite(InitKlCoef), "init_kl_coef", InitKlCoef, "≥ 0");
        Require(Target > 0 && double.IsFinite(Target), "target", Target, "> 0");
        Require(Horizon > 0 && double.IsFinite(Horizon), "horizon", Horizon, "> 0");
        Require(Enum.IsDefined(KlPenalty), "kl_penalty", KlPenalty, "kl, abs, mse or full");
        Require(RatioThreshold > 0, "ratio_threshold", RatioThreshold, "> 0");
        Require(TargetKl > 0, "target_kl", TargetKl, "> 0");
        Require(MaxGradNorm is null || MaxGradNorm > 0, "max_grad_norm", MaxGradNorm, "> 0 or null");
        Require(!UseScoreNorm || UseScoreScaling, "use_score_norm", UseScoreNorm, "false unless use_score_scaling is true");
        Require(ScoreClip is null || ScoreClip > 0, "score_clip", ScoreClip, "> 0 or null");
        return this;
    }

    private static void Require(bool ok, string key, object? value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentException($"PPO setting '{key}' = {value?.ToString() ?? "null"} is invalid: it must be {allowed}");
        }
    }
}
