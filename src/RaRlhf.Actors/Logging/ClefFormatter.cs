using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace RaRlhf.Actors.Logging;

/// <summary>
/// Compact Log Event Format (CLEF): one JSON object per line with the reified fields <c>@t</c> (UTC ISO-8601),
/// <c>@mt</c> (the message template), <c>@r</c> (renderings of tokens that carry a format, in template order),
/// <c>@l</c> (omitted for Information, as CLEF implies), <c>@x</c> (exception text), <c>@tr</c>/<c>@sp</c> (trace and
/// span ids when present), then the properties. A property whose name starts with '@' is written with the '@'
/// doubled so it cannot be mistaken for a reified field. The format is pinned by a fixture file in the tests.
/// </summary>
public sealed class ClefFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter ValueFormatter = new(typeTagName: "$type");

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@mt\":");
        JsonValueFormatter.WriteQuotedJsonString(logEvent.MessageTemplate.Text, output);
        WriteRenderings(logEvent, output);
        if (logEvent.Level != LogEventLevel.Information)
        {
            output.Write(",\"@l\":\"");
            output.Write(logEvent.Level.ToString());
            output.Write('"');
        }

        if (logEvent.Exception is not null)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(logEvent.Exception.ToString(), output);
        }

        if (logEvent.TraceId is { } traceId)
        {
            output.Write(",\"@tr\":\"");
            output.Write(traceId.ToHexString());
            output.Write('"');
        }

        if (logEvent.SpanId is { } spanId)
        {
            output.Write(",\"@sp\":\"");
            output.Write(spanId.ToHexString());
            output.Write('"');
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            ValueFormatter.Format(value, output);
        }

        output.Write('}');
        output.Write('\n');
    }

    /// <summary>The event as one CLEF line without the trailing newline.</summary>
    public string FormatLine(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Format(logEvent, writer);
        return writer.ToString().TrimEnd('\n');
    }

    private static void WriteRenderings(LogEvent logEvent, TextWriter output)
    {
        var formatted = logEvent.MessageTemplate.Tokens.OfType<PropertyToken>().Where(t => t.Format is not null).ToList();
        if (formatted.Count == 0)
        {
            return;
        }

        output.Write(",\"@r\":[");
        for (var i = 0; i < formatted.Count; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            using var rendered = new StringWriter(CultureInfo.InvariantCulture);
            formatted[i].Render(logEvent.Properties, rendered, CultureInfo.InvariantCulture);
            JsonValueFormatter.WriteQuotedJsonString(rendered.ToString(), output);
        }

        output.Write(']');
    }
}
