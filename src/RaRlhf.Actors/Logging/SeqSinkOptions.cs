using Serilog.Events;

namespace RaRlhf.Actors.Logging;

/// <summary>Where and how the Seq sink sends events.</summary>
public sealed record SeqSinkOptions(string ServerUrl)
{
    public string? ApiKey { get; init; }

    public LogEventLevel MinimumLevel { get; init; } = LogEventLevel.Information;

    public BatcherOptions Batching { get; init; } = new();

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
