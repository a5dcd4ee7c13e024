namespace RaRlhf.Rl.Ppo;

/// <summary>TRL <c>_early_stop</c>: after an epoch, stop when early_stopping and the last mini-batch's policykl &gt; 1.5·target_kl.</summary>
public static class EarlyStopping
{
    public static bool ShouldStop(PpoSettings settings, double lastPolicyKl)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.EarlyStopping && lastPolicyKl > 1.5 * settings.TargetKl;
    }
}
