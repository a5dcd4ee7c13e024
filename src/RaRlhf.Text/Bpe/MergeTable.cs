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
    private readonly long[] _keys;
    private readonly int[] _ranks;
    private readonly int _mask;

    public MergeTable(IReadOnlyList<(int Left, int Right, int Merged)> merges)
    {
        _merges = merges.ToArray();
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, _merges.Length * 2));
        _keys = new long[capacity];
        _ranks = new int[capacity];
        Array.Fill(_keys, -1L);
        _mask = capacity - 1;
        for (var rank = 0; rank < _merges.Length; rank++)
        {
            var key = Key(_merges[rank].Left, _merges[rank].Right);
            var slot = Slot(key);
            while (_keys[slot] != -1L && _keys[slot] != key)
            {
                slot = (slot + 1) & _mask;
            }

            // A repeated pair keeps its first (lowest) rank, as the reference implementations do.
            if (_keys[slot] == -1L)
            {
                _keys[slot] = key;
                _ranks[slot] = rank;
            }
        }
    }

    public int Count => _merges.Length;

    public (int Left, int Right, int Merged) this[int rank] => _merges[rank];

    /// <summary>The rank of merging <paramref name="left"/> with <paramref name="right"/>, or -1 when they never merge.</summary>
    public int RankOf(int left, int right)
    {
        var key = Key(left, right);
        for (var slot = Slot(key); ; slot = (slot + 1) & _mask)
        {
            var found = _keys[slot];
            if (found == key)
            {
                return _ranks[slot];
            }

            if (found == -1L)
            {
                return -1;
            }
        }
    }

    public int MergedId(int rank) => _merges[rank].Merged;

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private int Slot(long key) => (int)((ulong)(key * -7046029254386353131L) >> 32) & _mask;
}
