namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>pipeline.mailbox { }</c>: bounded mailbox capacities per stage.</summary>
public sealed record MailboxSection(int Default, int Rollout, int Reward, int Learner)
{
    public static MailboxSection Read(SettingsReader r) => new(
        r.Int("default", v => v > 0, "must be > 0 (mailboxes are bounded)"),
        r.Int("rollout", v => v > 0, "must be > 0 (mailboxes are bounded)"),
        r.Int("reward", v => v > 0, "must be > 0 (mailboxes are bounded)"),
        r.Int("learner", v => v > 0, "must be > 0 (mailboxes are bounded)"));
}
