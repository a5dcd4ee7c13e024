using Serilog.Events;

namespace RaRlhf.Actors.Logging;

/// <summary>Where and how the Seq sink sends events.</summary>
public sealed record SeqSinkOptions(string ServerUrl)
{
    public string? ApiKey { get; init; }

    public LogEventLevel MinimumLevel { get; init; } = LogEventLevel.Information;

    public BatcherOptions Batching { get; init; } = new();

    /// <summary>
    /// Events whose CLEF line is larger are dropped (and counted) instead of queued: Seq refuses oversized events
    /// (256 KiB by default) with a 400 that would otherwise cost the whole batch.
    /// </summary>
    public int EventBodyLimitBytes { get; init; } = 256 * 1024;

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
