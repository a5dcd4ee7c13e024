using System.Diagnostics;
using Serilog.Events;
using Serilog.Parsing;

namespace RaRlhf.Actors.Tests.Logging;

/// <summary>The log events whose CLEF form is pinned by Fixtures/clef-expected.clef (hand-written from the CLEF spec).</summary>
internal static class ClefFixtureEvents
{
    public const string TrickyText = "quote\" back\\ nl\n tab\t ctl\u0001 é";

    public static IReadOnlyList<LogEvent> All { get; } =
    [
        Event("2024-06-07T03:44:57.8532799+00:00", LogEventLevel.Information, null, "Hello, {User}",
            P("User", "alice")),
        Event("2024-06-07T05:44:58+02:00", LogEventLevel.Warning, null, "Cost {Amount:0.00} for {Item}",
            P("Amount", 3.2), P("Item", "apple")),
        Event("2024-06-07T03:44:59+00:00", LogEventLevel.Error, new FixtureException(), "Step {Iteration} failed: {Text}",
            P("Iteration", 7), P("PolicyVersion", 3L), P("Ok", true), P("Missing", null), P("@odd", 1), P("Text", TrickyText)),
        new LogEvent(DateTimeOffset.Parse("2024-06-07T03:45:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
            LogEventLevel.Debug, null, new MessageTemplateParser().Parse("Batch {@Stats} {Items} {Map}"),
            [
                new LogEventProperty("Stats", new StructureValue([P("Kept", 64), P("Var", -1.5)], "Stats")),
                new LogEventProperty("Items", new SequenceValue([new ScalarValue(1), new ScalarValue("two")])),
                new LogEventProperty("Map", new DictionaryValue([new(new ScalarValue("a"), new ScalarValue(1))])),
            ],
            ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c"),
            ActivitySpanId.CreateFromString("b7ad6b7169203331")),
    ];

    private static LogEventProperty P(string name, object? value) => new(name, new ScalarValue(value));

    private static LogEvent Event(string timestamp, LogEventLevel level, Exception? exception, string template, params LogEventProperty[] properties) =>
        new(DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), level, exception,
            new MessageTemplateParser().Parse(template), properties);

    private sealed class FixtureException : Exception
    {
        public override string ToString() => "FixtureException: boom\n   at Fixture.Line(1)";
    }
}
