using RaRlhf.Actors.Configuration.Settings;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace RaRlhf.Actors.Logging;

/// <summary>
/// Builds the process logger from <c>logging { }</c>: console lines for people (on stderr, so stdout stays for
/// command output), a rolling CLEF file in the run directory, and Seq when a URL is set. Every event carries
/// Run, Role and Node; Iteration and PolicyVersion come from <see cref="LogProperties"/>.
/// </summary>
public static class LoggingSetup
{
    /// <summary>The console line: time, level, role, message, then the exception.</summary>
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Role}: {Message:lj}{NewLine}{Exception}";

    /// <param name="settings">The validated <c>logging</c> section.</param>
    /// <param name="identity">Run, role and node attached to every event.</param>
    /// <param name="console">Where console lines go; null = the real console (stderr).</param>
    public static RunLogging Create(LoggingSection settings, LogIdentity identity, TextWriter? console = null)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ParseLevel(settings.Level))
            .Enrich.FromLogContext()
            .Enrich.With(new RaRlhf.Actors.Security.SecretMaskingEnricher())
            .Enrich.WithProperty(LogProperties.Run, identity.Run)
            .Enrich.WithProperty(LogProperties.Role, identity.Role)
            .Enrich.WithProperty(LogProperties.Node, identity.Node);

        if (settings.ConsoleEnabled)
        {
            var level = ParseLevel(settings.ConsoleLevel);
            configuration = console is null
                ? configuration.WriteTo.Console(level, ConsoleTemplate, standardErrorFromLevel: LogEventLevel.Verbose,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                : configuration.WriteTo.Sink(new TextWriterSink(console,
                    new MessageTemplateTextFormatter(ConsoleTemplate, System.Globalization.CultureInfo.InvariantCulture)), level);
        }

        if (settings.FileEnabled)
        {
            configuration = configuration.WriteTo.File(new ClefFormatter(), settings.FilePath,
                restrictedToMinimumLevel: ParseLevel(settings.Level),
                fileSizeLimitBytes: settings.RollSize,
                rollingInterval: RollingInterval.Day,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: settings.RetainedFiles,
                flushToDiskInterval: TimeSpan.FromSeconds(1));
        }

        SeqSink? seq = null;
        if (settings.Seq.Enabled)
        {
            seq = new SeqSink(SeqOptions(settings.Seq));
            configuration = configuration.WriteTo.Sink(seq);
        }

        return new RunLogging(configuration.CreateLogger(), seq);
    }

    /// <summary>The sink options equivalent to a <c>logging.seq</c> section.</summary>
    public static SeqSinkOptions SeqOptions(SeqSection seq) => new(seq.Url)
    {
        ApiKey = seq.ApiKey,
        MinimumLevel = ParseLevel(seq.Level),
        Batching = new BatcherOptions
        {
            BatchSize = seq.BatchSize,
            Period = seq.Period,
            QueueLimit = seq.QueueLimit,
            MinBackoff = seq.MinBackoff,
            MaxBackoff = seq.MaxBackoff,
            FlushTimeout = seq.FlushTimeout,
        },
    };

    /// <summary>A config level name (verbose … fatal, any case) as a Serilog level.</summary>
    public static LogEventLevel ParseLevel(string name) =>
        Enum.TryParse<LogEventLevel>(name, ignoreCase: true, out var level)
            ? level
            : throw new ArgumentException($"unknown log level '{name}'; use verbose, debug, information, warning, error or fatal", nameof(name));
}
