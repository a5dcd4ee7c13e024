using RaRlhf.Testing;
using Xunit.Abstractions;

namespace RaRlhf.Text.Tests;

/// <summary>GPT-2 ids against the npm reference (gpt-3-encoder@1.1.4) on real IMDB reviews.</summary>
public sealed class Gpt2ParityTests
{
    private readonly ITestOutputHelper _output;

    public Gpt2ParityTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The reference runs JavaScript's <c>\s</c>, which lacks U+0085 and adds U+FEFF compared with the Unicode
    /// White_Space set OpenAI's Python regex and Hugging Face use (and we follow); reviews holding either are
    /// compared in <see cref="EdgeCaseVectorTests"/> terms instead (their count is printed).
    /// </summary>
    [Fact]
    public void Encode_ThreeThousandImdbReviews_EqualsNpmReference()
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(TestData.Require("gpt2-tokenizer/tokenizer.json"));
        var all = ImdbSample.Texts(count: 3200, stride: 23);
        var texts = all.Where(t => !t.Contains('\u0085') && !t.Contains('\uFEFF')).Take(3000).ToList();
        _output.WriteLine($"{all.Count - texts.Count} sampled reviews set aside for U+0085/U+FEFF (JS \\s differs)");
        var expected = NodeReference.Encode(texts);
        var mismatches = 0;
        long tokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = tokenizer.Encode(texts[i]);
            tokens += actual.Length;
            if (!actual.AsSpan().SequenceEqual(expected[i]))
            {
                mismatches++;
                _output.WriteLine($"review {i}: first difference at token {FirstDifference(actual, expected[i])}");
            }
        }

        _output.WriteLine($"{texts.Count} reviews, {tokens} tokens, {mismatches} mismatching reviews");
        Assert.Equal(3000, texts.Count);
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Decode_ImdbReviews_RoundTrips()
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(TestData.Require("gpt2-tokenizer"));
        foreach (var text in ImdbSample.Texts(count: 2000, stride: 37))
        {
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    private static int FirstDifference(int[] a, int[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }
}
