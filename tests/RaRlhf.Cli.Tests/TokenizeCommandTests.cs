using System.Text.Json;
using RaRlhf.Testing;
using RaRlhf.Text;

namespace RaRlhf.Cli.Tests;

public sealed class TokenizeCommandTests
{
    // Our own strings: ASCII, contractions, runs of spaces, newlines, accents, CJK and an emoji (4-byte UTF-8).
    private static readonly string[] Texts =
    [
        "Hello, world! This is a test.",
        "It's   three spaces, a tab\tand\na newline.",
        "naïve café — déjà vu",
        "数字 123 4567 and 😀 emoji",
        " leading space and trailing ",
    ];

    [Fact]
    public void Tokenize_JsonLines_IdsEqualLibraryEncodeAndDecodeRoundTrips()
    {
        var tokenizerDir = TestData.Require("gpt2-tokenizer");
        var tokenizer = ByteLevelBpeTokenizer.Load(tokenizerDir);
        var dir = Directory.CreateTempSubdirectory("rarlhf-tokenize-").FullName;
        try
        {
            var input = Path.Combine(dir, "texts.jsonl");
            File.WriteAllLines(input, Texts.Select(t => JsonSerializer.Serialize(new { text = t })));
            var (code, stdout, stderr) = CliRunner.Run("tokenize", "--tokenizer", tokenizerDir, "--input", input);
            Assert.True(code == 0, $"tokenize failed ({code}): {stderr}");
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Texts.Length, lines.Length);
            for (var i = 0; i < Texts.Length; i++)
            {
                using var line = JsonDocument.Parse(lines[i]);
                var ids = line.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                Assert.Equal(tokenizer.Encode(Texts[i]), ids);
            }

            var idsFile = Path.Combine(dir, "ids.jsonl");
            File.WriteAllText(idsFile, stdout);
            var (decodeCode, decoded, decodeErr) = CliRunner.Run("tokenize", "--tokenizer", tokenizerDir, "--input", idsFile, "--decode");
            Assert.True(decodeCode == 0, $"tokenize --decode failed ({decodeCode}): {decodeErr}");
            var texts = decoded.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()).ToArray();
            Assert.Equal(Texts, texts);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Tokenize_MalformedLine_ExitsNonZeroNamingFileAndLine()
    {
        var tokenizerDir = TestData.Require("gpt2-tokenizer");
        var dir = Directory.CreateTempSubdirectory("rarlhf-tokenize-bad-").FullName;
        try
        {
            var input = Path.Combine(dir, "bad.jsonl");
            File.WriteAllLines(input, ["{\"text\": \"fine\"}", "{\"text\": \"unterminated", "{\"text\": \"never reached\"}"]);
            var (code, _, stderr) = CliRunner.Run("tokenize", "--tokenizer", tokenizerDir, "--input", input);
            Assert.NotEqual(0, code);
            Assert.Contains(input, stderr, StringComparison.Ordinal);
            Assert.Contains("line 2", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
