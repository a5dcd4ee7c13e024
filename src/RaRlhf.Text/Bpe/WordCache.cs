namespace RaRlhf.Text.Bpe;

/// <summary>
/// Pre-token → ids memo (natural text repeats a small set of words). One per thread, so no locks: an
/// open-addressing table looked up by the piece's characters without allocating. It doubles when half full (a
/// compact table keeps the frequent words in cache) and stops growing at 2^19 slots (~12 MB).
/// </summary>
internal sealed class WordCache
{
    private const int InitialBits = 12;
    private const int MaxBits = 19;
    private const int MaxKeyLength = 64;

    private Entry[] _entries = new Entry[1 << InitialBits];
    private int _bits = InitialBits;
    private int _count;

    public int[]? Get(ReadOnlySpan<char> piece, out int hash)
    {
        hash = Hash(piece);
        var mask = _entries.Length - 1;
        for (var slot = Slot(hash, _bits); ; slot = (slot + 1) & mask)
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
        if (piece.Length > MaxKeyLength)
        {
            return;
        }

        if (_count >= _entries.Length / 2)
        {
            if (_bits == MaxBits)
            {
                return;
            }

            Grow();
        }

        Insert(_entries, _bits, new Entry(hash, piece.ToString(), ids));
        _count++;
    }

    private void Grow()
    {
        var bigger = new Entry[_entries.Length * 2];
        foreach (var entry in _entries)
        {
            if (entry.Key is not null)
            {
                Insert(bigger, _bits + 1, entry);
            }
        }

        _entries = bigger;
        _bits++;
    }

    private static void Insert(Entry[] entries, int bits, Entry entry)
    {
        var slot = Slot(entry.Hash, bits);
        while (entries[slot].Key is not null)
        {
            slot = (slot + 1) & (entries.Length - 1);
        }

        entries[slot] = entry;
    }

    private static int Slot(int hash, int bits) => (int)(((uint)hash * 2654435769u) >> (32 - bits));

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
