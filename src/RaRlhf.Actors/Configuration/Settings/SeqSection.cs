namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>logging.seq { }</c>: the Seq sink (off when <see cref="Url"/> is empty).</summary>
public sealed record SeqSection(
    string Url,
    string ApiKey,
    string Level,
    int BatchSize,
    TimeSpan Period,
    int QueueLimit,
    TimeSpan MinBackoff,
    TimeSpan MaxBackoff,
    TimeSpan FlushTimeout)
{
    public bool Enabled => Url.Length > 0;

    public static SeqSection Read(SettingsReader r)
    {
        var section = new SeqSection(
            r.String("url", u => u.Length == 0 || Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "must be empty (off) or an absolute http(s) URL such as \"http://localhost:5341\""),
            r.String("api_key"),
            r.Choice("level", LoggingSection.Levels),
            r.Int("batch_size", v => v > 0, "must be > 0"),
            r.Duration("period", v => v > TimeSpan.Zero, "must be > 0"),
            r.Int("queue_limit", v => v > 0, "must be > 0"),
            r.Duration("min_backoff", v => v > TimeSpan.Zero, "must be > 0"),
            r.Duration("max_backoff", v => v > TimeSpan.Zero, "must be > 0"),
            r.Duration("flush_timeout", v => v >= TimeSpan.Zero, "must be ≥ 0"));
        if (section.MinBackoff > section.MaxBackoff)
        {
            r.Reject("min_backoff", section.MinBackoff, "must not exceed logging.seq.max_backoff");
        }

        return section;
    }
}
