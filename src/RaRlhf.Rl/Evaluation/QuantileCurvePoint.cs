namespace RaRlhf.Rl.Evaluation;

/// <summary>One point of the quantile curve: the lowest <see cref="Percent"/>% of prompts (Count of them) and their mean completion reward.</summary>
public sealed record QuantileCurvePoint(int Percent, int Count, double MeanReward);
