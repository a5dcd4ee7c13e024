namespace RaRlhf.Rl;

/// <summary>
/// SplitMix64 (Steele et al.): a tiny, fully specified 64-bit generator, so index plans and test inputs are
/// reproducible bit for bit across runs, machines and the Python fixture script.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits: exactly representable as a float.</summary>
    public double NextUnit() => (NextUInt64() >> 40) * (1.0 / (1 << 24));

    /// <summary>Uniform integer in [0, bound) by rejection (no modulo bias).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong x;
        do
        {
            x = NextUInt64();
        }
        while (x >= limit);

        return (int)(x % (ulong)bound);
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
