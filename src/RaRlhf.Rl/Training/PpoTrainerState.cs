namespace RaRlhf.Rl.Training;

/// <summary>
/// Everything a PPO learner needs to resume bit-exactly: policy + value weights (layout order), Adam moments and step,
/// the KL coefficient β, the PPO step counter (it seeds the mini-batch permutation, so it is the RNG state) and the
/// running score moments (only used with use_score_scaling). Arrays are copies.
/// </summary>
public sealed record PpoTrainerState(
    float[] Weights,
    long AdamStep,
    float[] AdamM,
    float[] AdamV,
    double KlCoef,
    long PpoStep,
    double ScoreMean,
    double ScoreVariance,
    double ScoreStd,
    double ScoreCount);
