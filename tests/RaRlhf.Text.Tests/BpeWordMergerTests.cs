using RaRlhf.Text.Bpe;

namespace RaRlhf.Text.Tests;

/// <summary>The rank-caching scan (short words) and the heap (long words) against the naive scan, on GPT-2's merges.</summary>
public sealed class BpeWordMergerTests
{
    [Fact]
    public void FastMergers_RandomWords_EqualMergeByScan()
    {
        var vocab = Gpt2Fixture.Tokenizer.Vocabulary;
        var random = new Random(3);
        const string Letters = "etaoinshrdlu eeaa.";
        for (var trial = 0; trial < 2000; trial++)
        {
            var length = trial % 2 == 0 ? random.Next(1, 49) : random.Next(1, 200);
            var word = new int[length];
            for (var i = 0; i < length; i++)
            {
                var b = trial % 3 == 0 ? random.Next(256) : Letters[random.Next(Letters.Length)];
                word[i] = vocab.ByteToId[b];
            }

            var byScan = word.ToArray();
            var byHeap = word.ToArray();
            var scanCount = BpeWordMerger.MergeByScan(vocab.Merges, byScan);
            var heapCount = BpeWordMerger.MergeByHeap(vocab.Merges, byHeap);
            Assert.Equal(byScan.AsSpan(0, scanCount).ToArray(), byHeap.AsSpan(0, heapCount).ToArray());
            if (length <= 48)
            {
                var byRankScan = word.ToArray();
                var rankScanCount = BpeWordMerger.MergeByRankScan(vocab.Merges, byRankScan);
                Assert.Equal(byScan.AsSpan(0, scanCount).ToArray(), byRankScan.AsSpan(0, rankScanCount).ToArray());
            }
        }
    }

    [Fact]
    public void Encode_HundredThousandLetterWord_RoundTrips()
    {
        var word = string.Concat(Enumerable.Repeat("abcdefghij", 10_000));
        var ids = Gpt2Fixture.Tokenizer.Encode(word);
        Assert.Equal(word, Gpt2Fixture.Tokenizer.Decode(ids));
    }
}
