namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>reward { }</c>: the scorer registry by name and the one the run uses.</summary>
public sealed record RewardSection(string Use, IReadOnlyDictionary<string, RewardScorerSection> Scorers)
{
    /// <summary>The scorer named by <see cref="Use"/>.</summary>
    public RewardScorerSection Selected => Scorers[Use];

    public static RewardSection Read(SettingsReader r)
    {
        var use = r.String("use");
        var registry = r.Section("scorers");
        var scorers = new Dictionary<string, RewardScorerSection>(StringComparer.Ordinal);
        foreach (var name in registry.Config.Root.Keys)
        {
            scorers[name] = RewardScorerSection.Read(name, registry.Section(name));
        }

        if (use.Length > 0 && !scorers.ContainsKey(use))
        {
            r.Reject("use", use, $"no scorer of that name under reward.scorers (have: {string.Join(", ", scorers.Keys)})");
        }

        return new RewardSection(use, scorers);
    }
}
