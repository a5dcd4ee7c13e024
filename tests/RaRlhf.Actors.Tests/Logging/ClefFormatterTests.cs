using System.Text.Json;
using RaRlhf.Actors.Logging;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Logging;

public sealed class ClefFormatterTests
{
    private static readonly string FixturePath =
        Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Actors.Tests", "Logging", "Fixtures", "clef-expected.clef");

    private static string[] Formatted() => ClefFixtureEvents.All.Select(new ClefFormatter().FormatLine).ToArray();

    [Fact]
    public void Format_FixtureEvents_MatchPinnedFile()
    {
        var expected = File.ReadAllLines(FixturePath);
        var actual = Formatted();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Format_EveryLine_IsValidJsonWithTimestampAndTemplate()
    {
        foreach (var line in Formatted())
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("@t", out _));
            Assert.True(doc.RootElement.TryGetProperty("@mt", out _));
        }
    }

    [Fact]
    public void Format_EscapedString_RoundTripsThroughJson()
    {
        using var doc = JsonDocument.Parse(Formatted()[2]);
        Assert.Equal(ClefFixtureEvents.TrickyText, doc.RootElement.GetProperty("Text").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("@@odd").GetInt32());
    }

    [Fact]
    public void Format_InformationLevel_OmitsLevel()
    {
        using var doc = JsonDocument.Parse(Formatted()[0]);
        Assert.False(doc.RootElement.TryGetProperty("@l", out _));
    }

    [Fact]
    public void Format_Event_EndsWithSingleNewline()
    {
        using var writer = new StringWriter();
        new ClefFormatter().Format(ClefFixtureEvents.All[0], writer);
        Assert.EndsWith("}\n", writer.ToString());
        Assert.Single(writer.ToString(), '\n');
    }
}
