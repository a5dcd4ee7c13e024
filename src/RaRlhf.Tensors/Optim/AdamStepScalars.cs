namespace RaRlhf.Tensors.Optim;

/// <summary>Per-step constants of the Adam update, computed in double as PyTorch does in Python.</summary>
public readonly record struct AdamStepScalars(
    float Beta1, float Beta2, float Eps, float StepSize, float BiasCorrection2Sqrt, float L2Decay, float DecoupledFactor)
{
    public static AdamStepScalars For(AdamSettings s, long step)
    {
        var bc1 = 1.0 - Math.Pow(s.Beta1, step);
        var bc2 = 1.0 - Math.Pow(s.Beta2, step);
        return new AdamStepScalars(
            s.Beta1, s.Beta2, s.Eps, (float)(s.LearningRate / bc1), (float)Math.Sqrt(bc2),
            s.DecoupledWeightDecay ? 0f : s.WeightDecay,
            s.DecoupledWeightDecay ? 1f - s.LearningRate * s.WeightDecay : 1f);
    }
}
