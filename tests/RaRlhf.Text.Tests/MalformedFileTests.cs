namespace RaRlhf.Text.Tests;

/// <summary>Broken tokenizer files fail with the file's path and what is wrong, never a crash or partial load.</summary>
public sealed class MalformedFileTests
{
    private const string ByteLevel = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false}";

    private static string TokenizerJson(string model, string preTokenizer = ByteLevel, string extra = "") =>
        $"{{\"added_tokens\":[],\"normalizer\":null,\"pre_tokenizer\":{preTokenizer},\"decoder\":{ByteLevel},{extra}\"model\":{model}}}";

    public static TheoryData<string, string> Cases() => new()
    {
        { "{\"model\": {\"vocab\": {\"a\": 0}", "not valid JSON" },
        { $"{{\"pre_tokenizer\":{ByteLevel}}}", "no \"model\" object" },
        { TokenizerJson("{\"type\":\"WordPiece\",\"vocab\":{\"a\":0}}"), "only BPE" },
        { TokenizerJson("{\"type\":\"BPE\",\"merges\":[]}"), "model has no \"vocab\"" },
        { TokenizerJson("{\"type\":\"BPE\",\"vocab\":{\"a\":0}}"), "model.merges must be an array" },
        { TokenizerJson("{\"vocab\":{\"a\":0,\"b\":1,\"ab\":2},\"merges\":[\"a c\"]}"), "references unknown token 'c'" },
        { TokenizerJson("{\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b\"]}"), "unknown token 'ab' (merged result)" },
        { TokenizerJson("{\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b c\"]}"), "not two tokens" },
        { TokenizerJson("{\"vocab\":{\"a\":0,\"b\":2},\"merges\":[]}"), "id 1 has no token" },
        { TokenizerJson("{\"vocab\":{\"a\":0,\"b\":0},\"merges\":[]}"), "share id 0" },
        { TokenizerJson("{\"vocab\":{\"a\":\"zero\"},\"merges\":[]}"), "must be an integer id" },
        { TokenizerJson("{\"vocab\":{\"a b\":0},\"merges\":[]}"), "not a byte-level symbol" },
        { TokenizerJson("{\"vocab\":{\"a\":0},\"merges\":[]}", "{\"type\":\"Whitespace\"}"), "only ByteLevel" },
        { TokenizerJson("{\"vocab\":{\"a\":0},\"merges\":[]}", "null"), "a ByteLevel pre_tokenizer is required" },
        { TokenizerJson("{\"vocab\":{\"a\":0},\"merges\":[]}", "{\"type\":\"ByteLevel\",\"add_prefix_space\":true}"), "add_prefix_space" },
        { TokenizerJson("{\"vocab\":{\"a\":0},\"merges\":[],\"continuing_subword_prefix\":\"##\"}"), "continuing_subword_prefix" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_MalformedTokenizerJson_ThrowsNamingFileAndProblem(string content, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.File("tokenizer.json", content);
        var e = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(dir.Path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Load_AddedTokenContradictingVocabulary_ThrowsNamingToken()
    {
        using var dir = new TempDirectory();
        dir.File("tokenizer.json", TokenizerJson("{\"vocab\":{\"a\":0,\"b\":1},\"merges\":[]}")
            .Replace("\"added_tokens\":[]", "\"added_tokens\":[{\"id\":0,\"content\":\"b\",\"special\":true}]"));
        var e = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(dir.Path));
        Assert.Contains("added token 'b' has id 0 but the vocabulary gives it id 1", e.Message);
    }

    [Fact]
    public void Load_MergesTxtWithBadLine_ThrowsNamingLine()
    {
        using var dir = new TempDirectory();
        dir.File("vocab.json", "{\"a\":0,\"b\":1,\"ab\":2}");
        var merges = dir.File("merges.txt", "#version: 0.2\na b\nab\n");
        var e = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(dir.Path));
        Assert.Equal(merges, e.FilePath);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Load_VocabJsonNotAnObject_ThrowsNamingFile()
    {
        using var dir = new TempDirectory();
        var vocab = dir.File("vocab.json", "[\"a\", \"b\"]");
        dir.File("merges.txt", "#version: 0.2\n");
        var e = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(dir.Path));
        Assert.Equal(vocab, e.FilePath);
        Assert.Contains("must be a JSON object", e.Message);
    }

    [Fact]
    public void Load_VocabWithoutMerges_ThrowsNamingMissingFile()
    {
        using var dir = new TempDirectory();
        var vocab = dir.File("vocab.json", "{\"a\":0}");
        var e = Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.Load(vocab));
        Assert.Contains("merges.txt", e.Message);
    }
}
