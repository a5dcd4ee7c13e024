namespace RaRlhf.Text.Bpe;

/// <summary>
/// Pre-token → ids memo (natural text repeats a small set of words). One per thread, so no locks: an
/// open-addressing table looked up by the piece's characters without allocating. Stops growing when full.
/// </summary>
internal sealed class WordCache
{
    private const int CapacityBits = 19;
    private const int Capacity = 1 << CapacityBits;
    private const int MaxEntries = Capacity / 2;
    private const int MaxKeyLength = 64;

    private readonly string?[] _keys = new string?[Capacity];
    private readonly int[] _hashes = new int[Capacity];
    private readonly int[][] _values = new int[Capacity][];
    private int _count;

    public int[]? Get(ReadOnlySpan<char> piece, out int hash)
    {
        hash = Hash(piece);
        for (var slot = Slot(hash); ; slot = (slot + 1) & (Capacity - 1))
        {
            var key = _keys[slot];
            if (key is null)
            {
                return null;
            }

            if (_hashes[slot] == hash && piece.SequenceEqual(key))
            {
                return _values[slot];
            }
        }
    }

    /// <summary>Remembers ids for a piece that <see cref="Get"/> just missed (same hash).</summary>
    public void Add(ReadOnlySpan<char> piece, int hash, int[] ids)
    {
        if (_count >= MaxEntries || piece.Length > MaxKeyLength)
        {
            return;
        }

        var slot = Slot(hash);
        while (_keys[slot] is not null)
        {
            slot = (slot + 1) & (Capacity - 1);
        }

        _keys[slot] = piece.ToString();
        _hashes[slot] = hash;
        _values[slot] = ids;
        _count++;
    }

    private static int Slot(int hash) => (int)(((uint)hash * 2654435769u) >> (32 - CapacityBits));

    private static int Hash(ReadOnlySpan<char> piece)
    {
        var h = 2166136261u; // FNV-1a over UTF-16 units
        foreach (var c in piece)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)h;
    }
}
