namespace RaRlhf.Rl.Ppo;

/// <summary>Holds β, the KL penalty coefficient, and updates it once per PPO step from the batch KL.</summary>
public interface IKlController
{
    /// <summary>The current β.</summary>
    double Value { get; }

    /// <param name="currentKl">objective/kl of the step: mean over episodes of Σ_t (log π − log π_ref).</param>
    /// <param name="steps">Episodes in the step (TRL passes batch_size · processes).</param>
    void Update(double currentKl, int steps);

    /// <summary>The adaptive controller when adap_kl_ctrl, else the fixed one, starting at init_kl_coef.</summary>
    static IKlController Create(PpoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AdaptiveKlControl
            ? new AdaptiveKlController(settings.InitKlCoef, settings.Target, settings.Horizon)
            : new FixedKlController(settings.InitKlCoef);
    }
}
