using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

/// <summary>
/// Decode attention over a KV cache against the naive double reference: head sizes 8 (scalar tail only), 20 (one
/// vector + tail) and 64; one-token steps and multi-token chunks; padded positions; a row whose visible positions are
/// all padding (output 0). Tolerance 1e-5 relative (float32 dot products of ≤ 64 terms and a softmax).
/// </summary>
public sealed class KvCacheAttentionTests
{
    [Theory]
    [InlineData(3, 2, 8, 1, 6, 10)]
    [InlineData(2, 3, 20, 4, 5, 12)]
    [InlineData(16, 4, 64, 1, 90, 120)]
    [InlineData(4, 4, 64, 56, 0, 64)]
    public void Forward_RandomCacheAndMask_MatchesReference(int b, int nh, int hs, int tn, int t0, int cap)
    {
        var c = nh * hs;
        var qkv = NnTestData.Random(b * tn * 3 * c, 1);
        var keys = NnTestData.Random(b * nh * cap * hs, 2);
        var values = NnTestData.Random(b * nh * cap * hs, 3);
        var mask = new float[b * cap];
        for (var i = 0; i < mask.Length; i++) mask[i] = (i * 7 + i / cap) % 5 == 0 ? 0f : 1f;
        mask.AsSpan(0, cap).Clear(); // row 0: nothing visible
        KvCacheAttention.Append(keys, values, qkv, b, tn, t0, cap, c, nh);
        var expected = new float[b * tn * c];
        var actual = NnTestData.Random(b * tn * c, 4); // stale contents must be overwritten
        KvCacheAttentionReference.Forward(expected, qkv, keys, values, mask, b, tn, t0, cap, c, nh);
        KvCacheAttention.Forward(actual, qkv, keys, values, mask, b, tn, t0, cap, c, nh);
        Assert.True(NnTestData.MaxRelDiff(actual, expected, $"kv attention b{b} nh{nh} hs{hs} tn{tn} t0{t0}") < 1e-5);
        Assert.All(actual.AsSpan(0, tn * c).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Append_Chunk_LandsAtItsPositionsPerHead()
    {
        int b = 2, tn = 3, t0 = 4, cap = 8, nh = 2, hs = 4, c = nh * hs;
        var qkv = NnTestData.Random(b * tn * 3 * c, 5);
        var keys = new float[b * nh * cap * hs];
        var values = new float[b * nh * cap * hs];
        KvCacheAttention.Append(keys, values, qkv, b, tn, t0, cap, c, nh);
        // row 1, new token 2, head 1, element 3 → key at qkv[(1·3 + 2)·3C + C + 1·hs + 3], cache[((1·2 + 1)·8 + 4 + 2)·4 + 3]
        Assert.Equal(qkv[(1 * tn + 2) * 3 * c + c + hs + 3], keys[((1 * nh + 1) * cap + t0 + 2) * hs + 3]);
        Assert.Equal(qkv[(1 * tn + 2) * 3 * c + 2 * c + hs + 3], values[((1 * nh + 1) * cap + t0 + 2) * hs + 3]);
        Assert.Equal(0f, keys[((1 * nh + 1) * cap + t0 - 1) * hs + 3]);
    }
}
