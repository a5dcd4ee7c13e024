using System.Text.RegularExpressions;
using RaRlhf.Text.ByteLevel;

namespace RaRlhf.Text.Tests;

/// <summary>
/// U+0085 and U+FEFF: JavaScript's \s (the npm reference) differs from the Unicode White_Space set that OpenAI's
/// Python regex, Hugging Face and .NET use. We follow White_Space; the expected ids are the reference's ids of each
/// piece of .NET's Regex split (each such piece is one piece for JavaScript too), so the pieces come from .NET and
/// the merges from the reference.
/// </summary>
public sealed class WhiteSpaceDivergenceTests
{
    [Theory]
    [InlineData("a\u0085b")]
    [InlineData("next\u0085line\u0085")]
    [InlineData("\uFEFFBOM at start")]
    [InlineData("x\uFEFF y")]
    public void Encode_Nel_Or_Bom_EqualsReferenceOnRegexPieces(string text)
    {
        var pieces = Regex.Matches(text, Gpt2PreTokenizer.Pattern).Select(m => m.Value).ToList();
        var expected = NodeReference.Encode(pieces).SelectMany(ids => ids).ToArray();
        Assert.Equal(pieces, Gpt2PreTokenizer.Split(text));
        Assert.Equal(expected, Gpt2Fixture.Tokenizer.Encode(text));
    }
}
