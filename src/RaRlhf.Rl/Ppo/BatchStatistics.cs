namespace RaRlhf.Rl.Ppo;

/// <summary>
/// Per-step statistics as TRL <c>record_step_stats</c>, over the episodes the CVaR filter kept (all of them when
/// B0 = B). <see cref="Kl"/> (objective/kl) is what the KL controller is updated with. <see cref="ScoreMeanAll"/> /
/// <see cref="ScoreStdAll"/> are over the whole batch (how good the policy is), ScoreMean / ScoreStd over the kept tail.
/// </summary>
public sealed record BatchStatistics(
    double Kl,
    double KlCoef,
    double Entropy,
    double MeanNonScoreReward,
    double ScoreMean,
    double ScoreStd,
    double ScoreMeanAll,
    double ScoreStdAll,
    double ReturnMean,
    double ReturnVar,
    double AdvantageMean,
    double AdvantageVar,
    int KeptEpisodes,
    int KeptTokens);
