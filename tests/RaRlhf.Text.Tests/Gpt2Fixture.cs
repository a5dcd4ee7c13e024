using RaRlhf.Testing;

namespace RaRlhf.Text.Tests;

/// <summary>The GPT-2 tokenizer from the shared data folder, loaded once per test run.</summary>
internal static class Gpt2Fixture
{
    private static readonly Lazy<ByteLevelBpeTokenizer> s_tokenizer =
        new(() => ByteLevelBpeTokenizer.Load(TestData.Require("gpt2-tokenizer/tokenizer.json")));

    public static ByteLevelBpeTokenizer Tokenizer => s_tokenizer.Value;
}
