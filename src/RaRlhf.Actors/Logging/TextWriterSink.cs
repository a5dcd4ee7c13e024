using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace RaRlhf.Actors.Logging;

/// <summary>Writes formatted events to a <see cref="TextWriter"/> (console lines captured by tests and embedding hosts).</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
