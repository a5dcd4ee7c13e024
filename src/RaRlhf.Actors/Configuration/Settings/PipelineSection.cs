namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>pipeline { }</c>: staleness, role counts, mailbox capacities and the ask timeout.</summary>
public sealed record PipelineSection(int MaxStaleness, int RolloutWorkers, int RewardScorers, MailboxSection Mailbox, TimeSpan AskTimeout)
{
    public static PipelineSection Read(SettingsReader r) => new(
        r.Int("max_staleness", v => v >= 0, "must be ≥ 0 (0 = synchronous)"),
        r.Int("rollout_workers", v => v >= 1, "must be ≥ 1"),
        r.Int("reward_scorers", v => v >= 1, "must be ≥ 1"),
        MailboxSection.Read(r.Section("mailbox")),
        r.Duration("ask_timeout", v => v > TimeSpan.Zero, "must be > 0"));
}
