using RaRlhf.Testing;

namespace RaRlhf.Text.Tests;

public sealed class LoaderTests
{
    [Theory]
    [InlineData("gpt2-tokenizer")]
    [InlineData("gpt2-tokenizer/vocab.json")]
    [InlineData("gpt2-tokenizer/merges.txt")]
    [InlineData("gpt2-tokenizer/openai-format")]
    [InlineData("gpt2-tokenizer/openai-format/encoder.json")]
    public void Load_EveryGpt2Layout_GivesSameVocabularyAndMerges(string layout)
    {
        var reference = Gpt2Fixture.Tokenizer.Vocabulary;
        var loaded = ByteLevelBpeTokenizer.Load(TestData.Require(layout));
        Assert.Equal(50257, loaded.VocabSize);
        Assert.Equal(50256, loaded.EosId);
        Assert.Equal(reference.IdToToken, loaded.Vocabulary.IdToToken);
        Assert.Equal(50000, loaded.Vocabulary.Merges.Count);
        for (var rank = 0; rank < reference.Merges.Count; rank++)
        {
            Assert.Equal(reference.Merges[rank], loaded.Vocabulary.Merges[rank]);
        }
    }

    [Fact]
    public void Load_TinyRandomGpt2_LoadsItsThousandTokens()
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(TestData.Require("tiny-random-gpt2"));
        Assert.Equal(1000, tokenizer.VocabSize);
        Assert.Equal(0, tokenizer.EosId);
        Assert.Equal(806, tokenizer.Vocabulary.Merges.Count);
        var ids = tokenizer.Encode(" the episode near", allowSpecial: true);
        Assert.Equal([tokenizer.TokenToId("Ġthe")!.Value, tokenizer.TokenToId("Ġepisode")!.Value, tokenizer.TokenToId("Ġnear")!.Value], ids);
        Assert.Equal(" the episode near<|endoftext|>", tokenizer.Decode([.. ids, 0]));
    }

    [Fact]
    public void Encode_TinyVocabularyWithoutByte_ThrowsNamingByte()
    {
        // The tiny tokenizer has 193 of the 256 byte tokens and no unknown token: refusing beats dropping bytes.
        var tokenizer = ByteLevelBpeTokenizer.Load(TestData.Require("tiny-random-gpt2/tokenizer.json"));
        var missing = Enumerable.Range(0, 256).First(b => tokenizer.Vocabulary.ByteToId[b] < 0);
        var text = System.Text.Encoding.Latin1.GetString([(byte)missing]);
        var e = Assert.Throws<ArgumentException>(() => tokenizer.Encode(text));
        Assert.Contains("no token for byte", e.Message);
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsNamingPath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.Load("/nonexistent/tokenizer-dir"));
        Assert.Contains("/nonexistent/tokenizer-dir", e.Message);
    }

    [Fact]
    public void Load_DirectoryWithoutTokenizerFiles_ThrowsListingExpectedFiles()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.Load(dir.Path));
        Assert.Contains("tokenizer.json", e.Message);
    }
}
