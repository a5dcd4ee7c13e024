namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>ppo { }</c>: PPO hyperparameters with TRL 0.7.2 names and defaults (see hocon/reference.conf).</summary>
public sealed record PpoSection(
    double LearningRate,
    int BatchSize,
    int MiniBatchSize,
    int PpoEpochs,
    double Gamma,
    double Lam,
    double ClipRange,
    double ClipRangeValue,
    double VfCoef,
    double InitKlCoef,
    double Target,
    double Horizon,
    bool AdaptiveKlControl,
    double RatioThreshold)
{
    public static PpoSection Read(SettingsReader r)
    {
        var section = new PpoSection(
            r.Double("learning_rate", v => v > 0, "must be > 0"),
            r.Int("batch_size", v => v > 0, "must be > 0"),
            r.Int("mini_batch_size", v => v > 0, "must be > 0"),
            r.Int("ppo_epochs", v => v > 0, "must be > 0"),
            r.Double("gamma", v => v is >= 0 and <= 1, "must be in [0, 1]"),
            r.Double("lam", v => v is >= 0 and <= 1, "must be in [0, 1]"),
            r.Double("cliprange", v => v > 0, "must be > 0"),
            r.Double("cliprange_value", v => v > 0, "must be > 0"),
            r.Double("vf_coef", v => v >= 0, "must be ≥ 0"),
            r.Double("init_kl_coef", v => v >= 0, "must be ≥ 0"),
            r.Double("target", v => v > 0, "must be > 0"),
            r.Double("horizon", v => v > 0, "must be > 0"),
            r.Bool("adap_kl_ctrl"),
            r.Double("ratio_threshold", v => v > 1, "must be > 1"));
        if (section is { BatchSize: > 0, MiniBatchSize: > 0 } && section.BatchSize % section.MiniBatchSize != 0)
        {
            r.Reject("mini_batch_size", section.MiniBatchSize, $"must divide ppo.batch_size ({section.BatchSize})");
        }

        return section;
    }
}
