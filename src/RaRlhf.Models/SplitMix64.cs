namespace RaRlhf.Models;

/// <summary>
/// Counter-based splitmix64: value i of stream <c>seed</c> is mix(seed + (i + 1)·γ). Implemented identically in the
/// fixture scripts (numpy uint64), so weights can be regenerated on both sides instead of committed.
/// </summary>
public static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static ulong At(ulong seed, ulong index)
    {
        var z = seed + (index + 1) * Gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (exact in float32).</summary>
    public static double Uniform(ulong seed, ulong index) => (At(seed, index) >> 40) * (1.0 / (1 << 24));

    /// <summary>Standard normal by Box–Muller from draws 2i and 2i+1.</summary>
    public static double Normal(ulong seed, ulong index)
    {
        var u1 = 1.0 - Uniform(seed, 2 * index);
        var u2 = Uniform(seed, 2 * index + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
