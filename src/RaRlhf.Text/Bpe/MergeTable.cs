namespace RaRlhf.Text.Bpe;

/// <summary>
/// The merge list as a lookup: (left id, right id) → rank (its line in merges.txt) and the id of the merged token.
/// Lower rank merges first.
/// </summary>
internal sealed class MergeTable
{
    private readonly Dictionary<long, int> _rankOfPair;
    private readonly (int Left, int Right, int Merged)[] _merges;

    public MergeTable(IReadOnlyList<(int Left, int Right, int Merged)> merges)
    {
        _merges = merges.ToArray();
        _rankOfPair = new Dictionary<long, int>(_merges.Length);
        for (var rank = 0; rank < _merges.Length; rank++)
        {
            // A repeated pair keeps its first (lowest) rank, as the reference implementations do.
            _rankOfPair.TryAdd(Key(_merges[rank].Left, _merges[rank].Right), rank);
        }
    }

    public int Count => _merges.Length;

    public (int Left, int Right, int Merged) this[int rank] => _merges[rank];

    /// <summary>The rank of merging <paramref name="left"/> with <paramref name="right"/>, or -1 when they never merge.</summary>
    public int RankOf(int left, int right) => _rankOfPair.TryGetValue(Key(left, right), out var rank) ? rank : -1;

    public int MergedId(int rank) => _merges[rank].Merged;

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
