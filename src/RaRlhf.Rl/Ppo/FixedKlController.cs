namespace RaRlhf.Rl.Ppo;

/// <summary>β stays at its initial value (adap_kl_ctrl = false).</summary>
public sealed class FixedKlController(double klCoef) : IKlController
{
    public double Value { get; } = klCoef;

    public void Update(double currentKl, int steps)
    {
        // A fixed coefficient ignores the observed KL by definition.
    }
}
