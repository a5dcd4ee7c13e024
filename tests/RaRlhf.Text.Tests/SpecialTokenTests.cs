namespace RaRlhf.Text.Tests;

public sealed class SpecialTokenTests
{
    [Fact]
    public void Encode_EndOfTextWithoutAllowSpecial_EncodesAsPlainCharacters()
    {
        // Same ids as the npm reference gives for the literal text (it has no special-token handling).
        Assert.Equal([27, 91, 437, 1659, 5239, 91, 29], Gpt2Fixture.Tokenizer.Encode("<|endoftext|>"));
    }

    [Fact]
    public void Encode_EndOfTextWithAllowSpecial_EmitsEosIdBetweenOrdinaryText()
    {
        var tokenizer = Gpt2Fixture.Tokenizer;
        var ids = tokenizer.Encode("Hello world<|endoftext|> The<|endoftext|>", allowSpecial: true);
        Assert.Equal([15496, 995, 50256, 383, 50256], ids);
        Assert.Equal("Hello world<|endoftext|> The<|endoftext|>", tokenizer.Decode(ids));
    }

    [Fact]
    public void Encode_AdjacentSpecialTokens_EachBecomesOneId()
    {
        Assert.Equal([50256, 50256], Gpt2Fixture.Tokenizer.Encode("<|endoftext|><|endoftext|>", allowSpecial: true));
    }
}
