namespace RaRlhf.Actors.Configuration.Settings;

/// <summary>
/// Every setting of a run, typed and validated. <see cref="Load"/> rejects a bad configuration at start-up with
/// one message per problem (key path, where it was set, why).
/// </summary>
public sealed record RunSettings(
    RunSection Run,
    ModelSection Model,
    GenerationSection Generation,
    PpoSection Ppo,
    RiskSection Risk,
    PipelineSection Pipeline,
    PersistenceSection Persistence,
    LoggingSection Logging,
    RewardSection Reward)
{
    /// <summary>Reads and validates <paramref name="config"/>; throws <see cref="ConfigValidationException"/> listing every problem.</summary>
    public static RunSettings Load(Config config)
    {
        var r = new SettingsReader(config);
        var settings = new RunSettings(
            RunSection.Read(r.Section("run")),
            ModelSection.Read(r.Section("model")),
            GenerationSection.Read(r.Section("generation")),
            PpoSection.Read(r.Section("ppo")),
            RiskSection.Read(r.Section("risk")),
            PipelineSection.Read(r.Section("pipeline")),
            PersistenceSection.Read(r.Section("persistence")),
            LoggingSection.Read(r.Section("logging")),
            RewardSection.Read(r.Section("reward")));
        return r.Errors.Count == 0 ? settings : throw new ConfigValidationException(r.Errors);
    }
}
