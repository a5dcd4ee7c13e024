namespace RaRlhf.Rl.Ppo;

/// <summary>
/// TRL <c>loss</c> statistics of one mini-batch, all masked means over its kept tokens: approxkl =
/// ½·mean((logp − old)²), policykl = mean(old − logp), clip fractions, entropy (NaN when the caller gave no
/// per-token entropies), returns and old-value mean/var, vpred mean and squared error.
/// </summary>
public sealed record PpoLossStatistics(
    double ApproxKl,
    double PolicyKl,
    double ClipFraction,
    double ValueClipFraction,
    double Entropy,
    double MeanRatio,
    double AdvantageMean,
    double ReturnMean,
    double ReturnVar,
    double ValueMean,
    double ValueVar,
    double ValuePredictionMean,
    double ValueError);
