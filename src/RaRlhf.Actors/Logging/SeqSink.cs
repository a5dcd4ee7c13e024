using Serilog.Core;
using Serilog.Events;

namespace RaRlhf.Actors.Logging;

/// <summary>
/// Serilog sink that ships events to Seq: each event is rendered to CLEF on the calling thread (cheap, and the
/// event cannot change afterwards), queued in a <see cref="BoundedBatcher{T}"/> and POSTed by
/// <see cref="SeqHttpClient"/>. Never blocks or throws into the caller; when Seq is down events queue up to the
/// limit and the excess is dropped and counted. After drops, the next delivered batch starts with a warning event
/// stating how many were lost, so the gap is visible in Seq itself.
/// </summary>
public sealed class SeqSink : ILogEventSink, IDisposable
{
    private readonly ClefFormatter _formatter = new();
    private readonly SeqHttpClient _client;
    private readonly BoundedBatcher<string> _batcher;
    private readonly LogEventLevel _minimumLevel;
    private readonly int _eventBodyLimitBytes;
    private long _oversized;
    private long _reportedDrops;

    public SeqSink(SeqSinkOptions options)
    {
        _client = new SeqHttpClient(options.ServerUrl, options.ApiKey, options.RequestTimeout);
        _minimumLevel = options.MinimumLevel;
        _eventBodyLimitBytes = options.EventBodyLimitBytes;
        _batcher = new BoundedBatcher<string>(options.Batching, SendAsync);
    }

    /// <summary>Events dropped so far (queue full, too large, rejected by Seq, or undelivered at shutdown).</summary>
    public long Dropped => _batcher.Dropped + Interlocked.Read(ref _oversized);

    /// <summary>Events delivered so far (not counting drop reports).</summary>
    public long Sent => _batcher.Sent;

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < _minimumLevel)
        {
            return;
        }

        try
        {
            var line = _formatter.FormatLine(logEvent);
            if (System.Text.Encoding.UTF8.GetByteCount(line) > _eventBodyLimitBytes)
            {
                Interlocked.Increment(ref _oversized);
                Serilog.Debugging.SelfLog.WriteLine("Seq sink dropped an event larger than {0} bytes: {1}",
                    _eventBodyLimitBytes, logEvent.MessageTemplate.Text);
                return;
            }

            _batcher.Enqueue(line);
        }
#pragma warning disable CA1031 // Logging must never take the caller down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Serilog.Debugging.SelfLog.WriteLine("Seq sink could not format an event: {0}", e);
        }
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _client.Dispose();
        if (Dropped > 0)
        {
            Serilog.Debugging.SelfLog.WriteLine("Seq sink dropped {0} events in total", Dropped);
        }
    }

    private async Task<BatchOutcome> SendAsync(IReadOnlyList<string> batch, CancellationToken cancellationToken)
    {
        var dropped = Dropped;
        var unreported = dropped - Interlocked.Read(ref _reportedDrops);
        var payload = unreported > 0 ? batch.Prepend(DropReport(unreported)).ToList() : batch;
        var outcome = await _client.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        if (outcome == BatchOutcome.Sent && unreported > 0)
        {
            Interlocked.Exchange(ref _reportedDrops, dropped);
        }

        return outcome;
    }

    private static string DropReport(long count) =>
        "{\"@t\":\"" + DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) +
        "\",\"@mt\":\"Seq sink dropped {DroppedEvents} events (queue full or Seq unreachable)\",\"@l\":\"Warning\",\"DroppedEvents\":" +
        count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
}
