namespace RaRlhf.Text.Bpe;

/// <summary>
/// Pre-token → ids memo (natural text repeats a small set of words). One per thread, so no locks: an
/// open-addressing table looked up by the piece's characters without allocating. Stops growing when half full.
/// </summary>
internal sealed class WordCache
{
    private const int CapacityBits = 19;
    private const int Capacity = 1 << CapacityBits;
    private const int MaxEntries = Capacity / 2;
    private const int MaxKeyLength = 64;

    private readonly Entry[] _entries = new Entry[Capacity]; // ~12 MB: hash, key and ids side by side
    private int _count;

    public int[]? Get(ReadOnlySpan<char> piece, out int hash)
    {
        hash = Hash(piece);
        for (var slot = Slot(hash); ; slot = (slot + 1) & (Capacity - 1))
        {
            ref readonly var entry = ref _entries[slot];
            if (entry.Key is null)
            {
                return null;
            }

            if (entry.Hash == hash && piece.SequenceEqual(entry.Key))
            {
                return entry.Ids;
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
        while (_entries[slot].Key is not null)
        {
            slot = (slot + 1) & (Capacity - 1);
        }

        _entries[slot] = new Entry(hash, piece.ToString(), ids);
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

    private readonly record struct Entry(int Hash, string? Key, int[] Ids);
}
