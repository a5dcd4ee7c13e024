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
    RewardSection Reward,
    EvalSection Eval)
{
    /// <summary>Reads and validates <paramref name="config"/>; throws <see cref="ConfigValidationException"/> listing every problem.</summary>
    public static RunSettings Load(Config config)
    {
        var (settings, reader) = Read(config);
        return reader.Errors.Count == 0 ? settings : throw new ConfigValidationException(reader.Errors);
    }

    /// <summary>
    /// Keys in <paramref name="config"/> that no setting reads — usually misspellings (<c>ppo.batchsize</c>), which
    /// would otherwise be ignored silently. Reported as warnings by `config validate`.
    /// </summary>
    public static IReadOnlyList<string> UnknownKeys(Config config)
    {
        var read = Read(config).Reader.ReadPaths;
        var unknown = new List<string>();
        Walk(config.Root, []);
        return unknown;

        void Walk(Hocon.HoconObject obj, List<string> path)
        {
            foreach (var (key, value) in obj.Fields)
            {
                path.Add(key);
                var full = Hocon.HoconPath.Format(path);
                if (!read.Contains(full))
                {
                    if (value is Hocon.HoconObject child)
                    {
                        Walk(child, path);
                    }
                    else
                    {
                        unknown.Add($"config key '{full}' (set at {value.Origin.FileAndLine}) is not a known setting; " +
                                    "misspelt? every setting is listed in hocon/reference.conf");
                    }
                }

                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static (RunSettings Settings, SettingsReader Reader) Read(Config config)
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
            RewardSection.Read(r.Section("reward")),
            EvalSection.Read(r.Section("eval")));
        return (settings, r);
    }
}
