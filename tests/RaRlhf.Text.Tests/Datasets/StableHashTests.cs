using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>Published test vectors: the hash is the same on every machine and run.</summary>
public sealed class StableHashTests
{
    // FNV-1a 64-bit vectors from the reference test suite (Fowler/Noll/Vo, "FNV test vectors", isthe.com).
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_PublishedVectors_Match(string text, ulong expected) =>
        Assert.Equal(expected, StableHash.Fnv1a64(text));

    [Fact]
    public void Fnv1a64_NonAscii_HashesUtf8Bytes() =>
        Assert.Equal(StableHash.Fnv1a64("é😀"u8), StableHash.Fnv1a64("é😀"));

    [Fact]
    public void Fnv1a64_LongString_UsesHeapPathConsistently()
    {
        var text = new string('x', 5000);
        Assert.Equal(StableHash.Fnv1a64(System.Text.Encoding.UTF8.GetBytes(text)), StableHash.Fnv1a64(text));
    }

    // splitmix64 with state 0: first outputs 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4 (Vigna's splitmix64.c).
    [Fact]
    public void Mix64_SplitMixSequenceFromZero_MatchesReference()
    {
        Assert.Equal(0xe220a8397b1dcdafUL, StableHash.Mix64(0));
        Assert.Equal(0x6e789e6aa1b965f4UL, StableHash.Mix64(0x9E3779B97F4A7C15UL));
    }

    [Fact]
    public void Of_DifferentSeeds_GiveDifferentHashes() =>
        Assert.NotEqual(StableHash.Of("train/pos/1", 1), StableHash.Of("train/pos/1", 2));

    [Fact]
    public void ContentId_IsSixteenHexDigitsOfFnv() =>
        Assert.Equal("af63dc4c8601ec8c", StableHash.ContentId("a"));
}
