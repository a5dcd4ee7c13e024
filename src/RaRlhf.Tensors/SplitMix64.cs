namespace RaRlhf.Tensors;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator with the same output on every platform, so
/// dropout masks, index plans, initial weights and test inputs are reproducible bit for bit and can be regenerated
/// identically in the Python fixture scripts. Output i (0-based) of <c>new SplitMix64(seed)</c> equals
/// <see cref="At"/>(seed, i): the stateful and the counter-based forms are one stream.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _state = seed;

    public ulong NextUInt64() => Mix(_state += Gamma);

    /// <summary>Uniform in [0, 1) with 24 random bits (exact in float32).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>The same 24-bit uniform in [0, 1) as <see cref="NextFloat"/>, as a double.</summary>
    public double NextUnit() => (NextUInt64() >> 40) * (1.0 / (1 << 24));

    /// <summary>Uniform in [-1, 1): 2·NextFloat() − 1.</summary>
    public float NextSigned() => 2f * NextFloat() - 1f;

    /// <summary>Fills <paramref name="values"/> with <see cref="NextSigned"/> · <paramref name="scale"/>.</summary>
    public void FillSigned(Span<float> values, float scale = 1f)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = NextSigned() * scale;
        }
    }

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

    /// <summary>Value <paramref name="index"/> of stream <paramref name="seed"/> without state: mix(seed + (index + 1)·γ).</summary>
    public static ulong At(ulong seed, ulong index) => Mix(seed + (index + 1) * Gamma);

    /// <summary>Uniform in [0, 1) with 24 random bits from <see cref="At"/>(seed, index).</summary>
    public static double Uniform(ulong seed, ulong index) => (At(seed, index) >> 40) * (1.0 / (1 << 24));

    /// <summary>Standard normal by Box–Muller from draws 2i and 2i+1.</summary>
    public static double Normal(ulong seed, ulong index)
    {
        var u1 = 1.0 - Uniform(seed, 2 * index);
        var u2 = Uniform(seed, 2 * index + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
