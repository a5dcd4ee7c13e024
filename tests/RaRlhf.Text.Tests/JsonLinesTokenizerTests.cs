using RaRlhf.Text.Corpus;

namespace RaRlhf.Text.Tests;

/// <summary>The engine behind `rarlhf tokenize`: JSON lines of text ↔ JSON lines of ids.</summary>
public sealed class JsonLinesTokenizerTests
{
    [Fact]
    public void Run_EncodeThenDecode_ReturnsOriginalTexts()
    {
        var texts = new[] { "Hello world", "caf\u00e9 \U0001F600\r\n\"quoted\"", "" };
        var input = string.Join('\n', texts.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t })));
        var encoded = new StringWriter();
        var stats = JsonLinesTokenizer.Run(Gpt2Fixture.Tokenizer, new StringReader(input), "in.jsonl", encoded, decode: false, allowSpecial: false);
        Assert.Equal(3, stats.Lines);
        Assert.StartsWith("{\"ids\":[15496,995]}\n", encoded.ToString().ReplaceLineEndings("\n"));

        var decoded = new StringWriter();
        JsonLinesTokenizer.Run(Gpt2Fixture.Tokenizer, new StringReader(encoded.ToString()), "ids.jsonl", decoded, decode: true, allowSpecial: false);
        var back = decoded.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()).ToArray();
        Assert.Equal(texts, back);
    }

    [Theory]
    [InlineData(false, "{\"text\": \"ok\"}\n{\"txt\": 1}", "in.jsonl: line 2: no string field \"text\"")]
    [InlineData(false, "not json", "in.jsonl: line 1: not valid JSON")]
    [InlineData(true, "{\"ids\": [1, 99999999]}", "in.jsonl: line 1: id 99999999 is outside the vocabulary")]
    [InlineData(true, "{\"ids\": [\"a\"]}", "in.jsonl: line 1: \"ids\" holds a, not an integer")]
    public void Run_BadLine_ThrowsNamingInputAndLine(bool decode, string input, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            JsonLinesTokenizer.Run(Gpt2Fixture.Tokenizer, new StringReader(input), "in.jsonl", new StringWriter(), decode, false));
        Assert.Contains(message, e.Message);
    }
}
