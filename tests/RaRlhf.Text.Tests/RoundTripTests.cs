namespace RaRlhf.Text.Tests;

/// <summary>decode(encode(s)) == s on seeded random Unicode, and prefix decoding never throws.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public void DecodeEncode_RandomUnicode_ReturnsOriginal()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 3000; trial++)
        {
            var text = RandomText.Next(random, 60);
            var ids = Gpt2Fixture.Tokenizer.Encode(text);
            Assert.Equal(text, Gpt2Fixture.Tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void Decode_EveryPrefixOfEncodedEmoji_NeverThrowsAndEndsInReplacementOnlyWhenCut()
    {
        var tokenizer = Gpt2Fixture.Tokenizer;
        var text = "ok \U0001F468\u200D\U0001F469\u200D\U0001F467 \u65e5\u672c done";
        var ids = tokenizer.Encode(text);
        var cuts = 0;
        for (var n = 0; n <= ids.Length; n++)
        {
            var prefix = tokenizer.Decode(ids.AsSpan(0, n));
            var bytes = tokenizer.DecodeToBytes(ids.AsSpan(0, n));
            var complete = System.Text.Encoding.UTF8.GetString(bytes) is var s && !s.Contains('\uFFFD');
            cuts += complete ? 0 : 1;
            // A cut character decodes to U+FFFD; everything before it is the text's own prefix.
            var kept = prefix.TrimEnd('\uFFFD');
            Assert.StartsWith(kept, text, StringComparison.Ordinal);
        }

        Assert.True(cuts > 0, "the emoji should be split across tokens somewhere");
    }

    [Fact]
    public void StreamDecoder_IdsOneByOne_ConcatenatesToFullTextWithoutReplacement()
    {
        var tokenizer = Gpt2Fixture.Tokenizer;
        var random = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var text = RandomText.Next(random, 40);
            var decoder = tokenizer.CreateStreamDecoder();
            var streamed = string.Concat(tokenizer.Encode(text).Select(decoder.Append)) + decoder.Flush();
            Assert.Equal(text, streamed);
        }
    }

    [Fact]
    public void StreamDecoder_FlushInsideCharacter_EmitsOneReplacement()
    {
        var tokenizer = Gpt2Fixture.Tokenizer;
        var decoder = tokenizer.CreateStreamDecoder();
        var ids = tokenizer.Encode("\U0001F600"); // several byte tokens
        Assert.True(ids.Length > 1);
        Assert.Equal("", decoder.Append(ids[0]));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    [Fact]
    public void Encode_LoneSurrogate_BecomesReplacementCharacter()
    {
        var ids = Gpt2Fixture.Tokenizer.Encode("a\uD800b");
        Assert.Equal("a\uFFFDb", Gpt2Fixture.Tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_IdOutsideVocabulary_ThrowsNamingId()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gpt2Fixture.Tokenizer.Decode([50257]));
        Assert.Contains("50257", e.Message);
    }
}
