using System.Text;
using System.Text.RegularExpressions;
using RaRlhf.Text.ByteLevel;

namespace RaRlhf.Text.Tests;

/// <summary>The hand-written scanner against .NET's Regex running the same pattern.</summary>
public sealed class PreTokenizerTests
{
    // Letters, digits, every kind of space, apostrophes and contraction letters, punctuation, marks, CJK.
    private const string Alphabet = "aZsStTrRevVlLmMdD'' \t\r\n\u0085\u00a0\u2028\u3000   09\u0661\u00b2!?.,<>-_\"\u0301\u200d\u65e5\u00e9\u0007";

    [Fact]
    public void Split_RandomBmpStrings_EqualsRegexMatches()
    {
        var random = new Random(20241201);
        for (var trial = 0; trial < 5000; trial++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 40);
            for (var i = 0; i < length; i++)
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            var s = text.ToString();
            var expected = Regex.Matches(s, Gpt2PreTokenizer.Pattern).Select(m => m.Value).ToList();
            Assert.Equal(expected, Gpt2PreTokenizer.Split(s));
        }
    }

    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("it's they're", new[] { "it", "'s", " they", "'re" })]
    [InlineData("a   b", new[] { "a", "  ", " b" })]
    [InlineData("a\t\tb", new[] { "a", "\t", "\t", "b" })]
    [InlineData("end  ", new[] { "end", "  " })]
    [InlineData(" 'll", new[] { " '", "ll" })]
    [InlineData("!'s", new[] { "!'", "s" })]
    public void Split_HandPickedStrings_GivesExpectedPieces(string text, string[] pieces)
    {
        Assert.Equal(pieces, Gpt2PreTokenizer.Split(text));
        Assert.Equal(pieces, Regex.Matches(text, Gpt2PreTokenizer.Pattern).Select(m => m.Value).ToArray());
    }

    [Fact]
    public void Split_AstralLetters_StayOneLetterRun()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is \p{L}; .NET's Regex sees two surrogates here, code-point engines a letter.
        Assert.Equal(["\U0001D400\U0001D401b", " \U00020000"], Gpt2PreTokenizer.Split("\U0001D400\U0001D401b \U00020000"));
    }

    [Fact]
    public void Split_LoneSurrogate_IsPunctuationAndDoesNotThrow()
    {
        Assert.Equal(["a", "\uD800!", " b"], Gpt2PreTokenizer.Split("a\uD800! b"));
    }
}
