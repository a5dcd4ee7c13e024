namespace RaRlhf.Rl.Ppo;

/// <summary>
/// Ziegler et al. (2019) §2.2 as TRL: e = clip(KL/target − 1, −0.2, 0.2); β ← β·(1 + e·steps/horizon).
/// Construct with the restored β to resume a run.
/// </summary>
public sealed class AdaptiveKlController(double initKlCoef, double target, double horizon) : IKlController
{
    public double Value { get; private set; } = initKlCoef;

    public double Target { get; } = target;

    public double Horizon { get; } = horizon;

    public void Update(double currentKl, int steps)
    {
        var proportionalError = Math.Clamp(currentKl / Target - 1, -0.2, 0.2);
        Value *= 1 + proportionalError * steps / Horizon;
    }
}
