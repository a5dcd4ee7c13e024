namespace RaRlhf.Rl.Reporting;

/// <summary>
/// One line of metrics/iterations.jsonl: a training run's statistics after iteration m (see docs/report.md).
/// RewardMean, Kl and KlCoef may be NaN (JSON null) when the iteration produced none (e.g. a skipped update).
/// </summary>
public sealed record IterationRecord(string Run, int Iteration, double RewardMean, double Kl, double KlCoef, int B0);
