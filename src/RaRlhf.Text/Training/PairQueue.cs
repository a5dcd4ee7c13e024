namespace RaRlhf.Text.Training;

/// <summary>
/// Max-heap of candidate pairs: highest count first, then the smaller (left, right) ids, so training is
/// deterministic. Entries go stale when counts drop; <see cref="PairStatistics"/> re-checks each popped one.
/// </summary>
internal sealed class PairQueue
{
    private readonly PriorityQueue<long, (long Count, long Pair)> _heap = new(Comparer<(long Count, long Pair)>.Create(
        static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Pair.CompareTo(b.Pair)));

    public int Count => _heap.Count;

    public void Push(long pair, long count) => _heap.Enqueue(pair, (count, pair));

    public bool TryPop(out long pair, out long count)
    {
        var found = _heap.TryDequeue(out pair, out var priority);
        count = priority.Count;
        return found;
    }

    public static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    public static (int Left, int Right) Split(long pair) => ((int)(pair >> 32), (int)pair);
}
