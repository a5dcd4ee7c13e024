using Serilog;
using Serilog.Core;

namespace RaRlhf.Actors.Logging;

/// <summary>The logger of a process and, when Seq is configured, its Seq sink (for drop statistics). Dispose to flush.</summary>
public sealed class RunLogging : IDisposable
{
    internal RunLogging(Logger logger, SeqSink? seq)
    {
        Logger = logger;
        Seq = seq;
    }

    public ILogger Logger { get; }

    /// <summary>The Seq sink, or null when <c>logging.seq.url</c> is empty.</summary>
    public SeqSink? Seq { get; }

    /// <summary>Flushes the file and Seq (bounded by <c>logging.seq.flush_timeout</c>) and closes them.</summary>
    public void Dispose() => ((Logger)Logger).Dispose();
}
