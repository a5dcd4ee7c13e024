namespace RaRlhf.Actors.Configuration.Settings;

/// <summary>One entry of <c>reward.scorers</c>: its name, type, and its whole section for the scorer to read.</summary>
public sealed record RewardScorerSection(string Name, string Type, Config Settings)
{
    /// <summary>The scorer types the pipeline knows.</summary>
    public static readonly string[] Types = ["classifier", "lexicon", "http", "plugin"];

    public static RewardScorerSection Read(string name, SettingsReader r)
    {
        r.Open();
        return new RewardScorerSection(name, r.Choice("type", Types), r.Config);
    }
}
