namespace RaRlhf.Tensors;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator with the same output on every platform, so
/// dropout masks are reproducible and test inputs can be regenerated identically in Python (see the fixture script).
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (exact in float32).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

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
}
