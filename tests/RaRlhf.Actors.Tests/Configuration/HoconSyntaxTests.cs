using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Tests.Configuration;

public sealed class HoconSyntaxTests
{
    private readonly Config _config = ConfigLoader.LoadFile(HoconFixtures.Path("basics.conf"), environment: HoconFixtures.Env());

    [Fact]
    public void LoadFile_QuotedAndUnquotedStrings_ReadAsWritten()
    {
        Assert.Equal("ra-rlhf", _config.GetString("app.name"));
        Assert.Equal("plain words here", _config.GetString("app.label"));
        Assert.Equal("foobarbaz", _config.GetString("joined"));
    }

    [Fact]
    public void LoadFile_NumbersAndBooleans_ConvertByGetter()
    {
        Assert.Equal(3, _config.GetInt("app.version"));
        Assert.Equal(1.41e-5, _config.GetDouble("app.ratio"));
        Assert.True(_config.GetBool("app.enabled"));
        Assert.False(_config.GetBool("app.disabled"));
        Assert.False(_config.HasPath("app.nothing"));
    }

    [Fact]
    public void LoadFile_DottedKeyAfterObject_MergesIntoIt()
    {
        Assert.Equal(1, _config.GetInt("app.nested.deep.value"));
        Assert.Equal(2, _config.GetInt("app.nested.deep.other"));
    }

    [Fact]
    public void LoadFile_QuotedKeyWithDot_IsOneSegment()
    {
        Assert.Equal("dotted-not-split", _config.GetString("\"quoted.key\""));
        Assert.False(_config.HasPath("quoted"));
    }

    [Fact]
    public void LoadFile_Arrays_CommaOrNewlineSeparated()
    {
        Assert.Equal(["1", "2", "3"], _config.GetStringList("list"));
        Assert.Equal(["a", "b", "c"], _config.GetStringList("multiline"));
    }

    [Fact]
    public void LoadFile_TripleQuoted_KeepsQuotesAndBackslashes()
    {
        Assert.Equal("raw \"quotes\" and \\n no escapes", _config.GetString("text"));
    }

    [Fact]
    public void LoadFile_Escapes_Unescaped()
    {
        Assert.Equal("tab\there A \"q\"", _config.GetString("escaped"));
    }

    [Fact]
    public void GetDuration_UnitsAndSpaces_Parsed()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), _config.GetDuration("timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), _config.GetDuration("spaced"));
        Assert.Equal(TimeSpan.FromMinutes(2), _config.GetDuration("long"));
        Assert.Equal(TimeSpan.FromMilliseconds(3), _config.GetDuration("app.version"));
    }

    [Fact]
    public void GetBytes_BinaryUnits_Parsed()
    {
        Assert.Equal(64L * 1024 * 1024, _config.GetBytes("size"));
        Assert.Equal(1024L, _config.GetBytes("small"));
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("2kB", 2000L)]
    [InlineData("1.5 KiB", 1536L)]
    [InlineData("3 gigabytes", 3_000_000_000L)]
    [InlineData("1G", 1L << 30)]
    public void TryParseBytes_Forms_MatchDefinition(string text, long expected)
    {
        Assert.True(HoconUnits.TryParseBytes(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("10 parsecs")]
    [InlineData("-1s")]
    [InlineData("fast")]
    public void TryParseDuration_Nonsense_False(string text)
    {
        Assert.False(HoconUnits.TryParseDuration(text, out _));
    }

    [Fact]
    public void Parse_KeyFollowedByBrace_NoSeparatorNeeded()
    {
        var config = ConfigLoader.Parse("a { b { c: 1 } }, d: [ ]", environment: HoconFixtures.Env());
        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Empty(config.GetStringList("d"));
    }

    [Fact]
    public void Parse_BracedRoot_Accepted()
    {
        var config = ConfigLoader.Parse("{ \"a\": 1, \"b\": { \"c\": \"x\" } }", environment: HoconFixtures.Env());
        Assert.Equal("x", config.GetString("b.c"));
    }

    [Fact]
    public void Parse_IncludeAsOrdinaryKey_NotAnInclude()
    {
        var config = ConfigLoader.Parse("include = 1\nincluded = yes", environment: HoconFixtures.Env());
        Assert.Equal(1, config.GetInt("include"));
    }

    [Fact]
    public void Parse_PlusOutsideExponent_Rejected()
    {
        var error = Assert.Throws<HoconException>(() => ConfigLoader.Parse("a = +1", "t"));
        Assert.Equal("t:1:5", error.Position.ToString());
    }

    [Fact]
    public void Parse_CommentAfterValue_Ignored()
    {
        var config = ConfigLoader.Parse("a = 1 # one\nb = two words // trailing", environment: HoconFixtures.Env());
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("two words", config.GetString("b"));
    }

    [Theory]
    [InlineData("a = 12", "12")]
    [InlineData("a = -1.5e-3", "-1.5e-3")]
    [InlineData("a = .5", "\".5\"")]
    [InlineData("a = 1e+5", "1e+5")]
    [InlineData("a = 01", "\"01\"")]
    [InlineData("a = NaN", "\"NaN\"")]
    [InlineData("a = \"12\"", "\"12\"")]
    [InlineData("a = yes", "\"yes\"")]
    [InlineData("a = true", "true")]
    public void Render_Json_OnlyJsonNumbersAndLiteralsUnquoted(string text, string expected)
    {
        var json = ConfigLoader.Parse(text, environment: HoconFixtures.Env()).Render(json: true);
        Assert.Contains($"\"a\": {expected}", json);
        System.Text.Json.JsonDocument.Parse(json).Dispose();
    }
}
