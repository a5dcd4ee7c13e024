using System.Buffers;
using System.Text;

namespace RaRlhf.Text.Datasets;

/// <summary>
/// Hashes that are the same on every run, machine and .NET version (unlike <c>string.GetHashCode</c>, which is
/// randomised per process): 64-bit FNV-1a over UTF-8 bytes, and a splitmix64 finaliser to spread similar keys
/// ("pos/1", "pos/2") over the whole range before their order is used.
/// </summary>
public static class StableHash
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>64-bit FNV-1a of the bytes.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    /// <summary>64-bit FNV-1a of the string's UTF-8 encoding.</summary>
    public static ulong Fnv1a64(string text)
    {
        var count = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (count <= 1024)
        {
            Span<byte> small = stackalloc byte[count];
            return Fnv1a64(small[..Encoding.UTF8.GetBytes(text, small)]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            return Fnv1a64(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The splitmix64 finaliser (Steele et al. 2014): a bijection with full avalanche.</summary>
    public static ulong Mix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A seeded, well-mixed 64-bit hash of a key: Mix64(FNV-1a(key) ^ Mix64(seed)).</summary>
    public static ulong Of(string key, ulong seed) => Mix64(Fnv1a64(key) ^ Mix64(seed));

    /// <summary>16 lowercase hex digits of FNV-1a(text): a short content id that does not reveal the text.</summary>
    public static string ContentId(string text) => Fnv1a64(text).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
