namespace RaRlhf.Tensors.Optim;

/// <summary>
/// Adam / AdamW hyperparameters, PyTorch defaults. <see cref="DecoupledWeightDecay"/> = false is torch.optim.Adam
/// (L2: grad += wd·param); true is torch.optim.AdamW (param ·= 1 − lr·wd before the moment update).
/// </summary>
public sealed record AdamSettings(
    float LearningRate = 1e-3f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Eps = 1e-8f,
    float WeightDecay = 0f,
    bool DecoupledWeightDecay = false)
{
    /// <summary>torch.optim.AdamW defaults (weight decay 0.01, decoupled).</summary>
    public static AdamSettings AdamW(float learningRate = 1e-3f, float weightDecay = 0.01f) =>
        new(learningRate, WeightDecay: weightDecay, DecoupledWeightDecay: true);

    internal void Validate()
    {
        if (!(LearningRate >= 0f) || !(Eps >= 0f) || !(WeightDecay >= 0f) || Beta1 is < 0f or >= 1f || Beta2 is < 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate),
                $"Invalid Adam settings {this}: need lr, eps, weight decay ≥ 0 and betas in [0, 1).");
        }
    }
}
