using System.Numerics;

namespace RaRlhf.Text.Bpe;

/// <summary>
/// The merge list as a lookup: (left id, right id) → rank (its line in merges.txt) and the id of the merged token.
/// Lower rank merges first. An open-addressing table over packed pair keys: the lookup is the innermost operation
/// of encoding, and this is several times faster than a Dictionary.
/// </summary>
internal sealed class MergeTable
{
    private readonly (int Left, int Right, int Merged)[] _merges;
    private readonly Slot[] _slots; // key, rank and merged id side by side: one cache line touched per lookup
    private readonly int _mask;

    public MergeTable(IReadOnlyList<(int Left, int Right, int Merged)> merges)
    {
        _merges = merges.ToArray();
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, _merges.Length * 2));
        _slots = new Slot[capacity];
        Array.Fill(_slots, new Slot(-1L, -1, -1));
        _mask = capacity - 1;
        for (var rank = 0; rank < _merges.Length; rank++)
        {
            var key = Key(_merges[rank].Left, _merges[rank].Right);
            var at = SlotOf(key);
            while (_slots[at].Key != -1L && _slots[at].Key != key)
            {
                at = (at + 1) & _mask;
            }

            // A repeated pair keeps its first (lowest) rank, as the reference implementations do.
            if (_slots[at].Key == -1L)
            {
                _slots[at] = new Slot(key, rank, _merges[rank].Merged);
            }
        }
    }

    public int Count => _merges.Length;

    public (int Left, int Right, int Merged) this[int rank] => _merges[rank];

    /// <summary>The rank of merging <paramref name="left"/> with <paramref name="right"/>, or -1 when they never merge.</summary>
    public int RankOf(int left, int right) => Find(left, right).Rank;

    /// <summary>Rank and merged id of a pair; (-1, -1) when they never merge.</summary>
    public (int Rank, int Merged) Find(int left, int right)
    {
        var key = Key(left, right);
        for (var at = SlotOf(key); ; at = (at + 1) & _mask)
        {
            ref readonly var slot = ref _slots[at];
            if (slot.Key == key || slot.Key == -1L)
            {
                return (slot.Rank, slot.Merged);
            }
        }
    }

    public int MergedId(int rank) => _merges[rank].Merged;

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private int SlotOf(long key) => (int)((ulong)(key * -7046029254386353131L) >> 32) & _mask;

    private readonly record struct Slot(long Key, int Rank, int Merged);
}
