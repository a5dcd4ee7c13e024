using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Training;

/// <summary>
/// What one <see cref="PpoTrainer.Step"/> did: <see cref="Stats"/> keyed by TRL 0.7.2's log names (plus cvar/… and a
/// few counters, see docs/training.md), the prepared batch (rewards, advantages, CVaR decision) and the mini-batch summary.
/// </summary>
public sealed record PpoStepReport(IReadOnlyDictionary<string, double> Stats, PreparedBatch Batch, PpoStepSummary Summary)
{
    public double this[string key] =>
        Stats.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no PPO statistic '{key}'; known: {string.Join(", ", Stats.Keys)}");
}
