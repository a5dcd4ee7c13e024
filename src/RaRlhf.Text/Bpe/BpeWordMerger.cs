namespace RaRlhf.Text.Bpe;

/// <summary>
/// Applies the merges to one pre-tokenized word: repeatedly merge the adjacent pair of lowest rank, leftmost first.
/// Short words use a quadratic scan without allocation; long words a heap over a linked list of symbols, so a
/// 100k-character word costs O(n log n) rather than O(n²). The two agree (tests compare them).
/// </summary>
internal static class BpeWordMerger
{
    private const int ScanLimit = 48;

    /// <summary>Merges <paramref name="symbols"/> in place and returns how many remain at its start.</summary>
    public static int Merge(MergeTable merges, Span<int> symbols) =>
        symbols.Length <= ScanLimit ? MergeByRankScan(merges, symbols) : MergeByHeap(merges, symbols);

    /// <summary>The naive reference: O(n) scan for the best pair per merge, re-looking-up every pair.</summary>
    internal static int MergeByScan(MergeTable merges, Span<int> symbols)
    {
        var count = symbols.Length;
        while (count > 1)
        {
            var bestRank = int.MaxValue;
            var bestAt = -1;
            for (var i = 0; i + 1 < count; i++)
            {
                var rank = merges.RankOf(symbols[i], symbols[i + 1]);
                if (rank >= 0 && rank < bestRank)
                {
                    bestRank = rank;
                    bestAt = i;
                }
            }

            if (bestAt < 0)
            {
                break;
            }

            symbols[bestAt] = merges.MergedId(bestRank);
            symbols[(bestAt + 2)..count].CopyTo(symbols[(bestAt + 1)..]);
            count--;
        }

        return count;
    }

    /// <summary>The scan with each pair's rank kept beside it: only the two pairs around a merge are looked up again.</summary>
    internal static int MergeByRankScan(MergeTable merges, Span<int> symbols)
    {
        var count = symbols.Length;
        Span<int> ranks = stackalloc int[ScanLimit]; // ranks[i]: pair (i, i + 1); int.MaxValue when it never merges
        for (var i = 0; i + 1 < count; i++)
        {
            ranks[i] = RankOrMax(merges, symbols[i], symbols[i + 1]);
        }

        while (count > 1)
        {
            var bestAt = 0;
            for (var i = 1; i + 1 < count; i++)
            {
                if (ranks[i] < ranks[bestAt])
                {
                    bestAt = i;
                }
            }

            if (ranks[bestAt] == int.MaxValue)
            {
                break;
            }

            symbols[bestAt] = merges.MergedId(ranks[bestAt]);
            symbols[(bestAt + 2)..count].CopyTo(symbols[(bestAt + 1)..]);
            ranks[(bestAt + 1)..(count - 1)].CopyTo(ranks[bestAt..]);
            count--;
            if (bestAt > 0)
            {
                ranks[bestAt - 1] = RankOrMax(merges, symbols[bestAt - 1], symbols[bestAt]);
            }

            if (bestAt + 1 < count)
            {
                ranks[bestAt] = RankOrMax(merges, symbols[bestAt], symbols[bestAt + 1]);
            }
        }

        return count;
    }

    private static int RankOrMax(MergeTable merges, int left, int right) =>
        merges.RankOf(left, right) is var rank and >= 0 ? rank : int.MaxValue;

    internal static int MergeByHeap(MergeTable merges, Span<int> symbols)
    {
        var n = symbols.Length;
        var ids = symbols.ToArray();
        var prev = new int[n];
        var next = new int[n];
        for (var i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        // Priority (rank, position): the lowest rank first, the leftmost among equals.
        var queue = new PriorityQueue<int, long>(n);
        void Offer(int at)
        {
            if (at < 0 || next[at] < 0)
            {
                return;
            }

            var rank = merges.RankOf(ids[at], ids[next[at]]);
            if (rank >= 0)
            {
                queue.Enqueue(at, ((long)rank << 32) | (uint)at);
            }
        }

        for (var i = 0; i + 1 < n; i++)
        {
            Offer(i);
        }

        while (queue.TryDequeue(out var at, out var priority))
        {
            var rank = (int)(priority >> 32);
            var right = next[at];
            // Stale entries: the symbol was absorbed (ids[at] = -1) or a neighbour changed since it was queued.
            if (ids[at] < 0 || right < 0 || merges.RankOf(ids[at], ids[right]) != rank)
            {
                continue;
            }

            ids[at] = merges.MergedId(rank);
            ids[right] = -1;
            next[at] = next[right];
            if (next[at] >= 0)
            {
                prev[next[at]] = at;
            }

            Offer(prev[at]);
            Offer(at);
        }

        var count = 0;
        for (var i = 0; i >= 0 && i < n; i = next[i])
        {
            symbols[count++] = ids[i];
        }

        return count;
    }
}
