using System.Runtime.InteropServices;

namespace RaRlhf.Text.Training;

/// <summary>
/// Words as symbol sequences with their frequencies, the frequency-weighted count of every adjacent pair and the
/// words each pair occurs in, kept up to date incrementally as merges are applied (only the words holding the
/// merged pair are touched).
/// </summary>
internal sealed class PairStatistics
{
    private readonly int[][] _symbols;
    private readonly int[] _lengths;
    private readonly long[] _frequencies;
    private readonly Dictionary<long, long> _counts = new();
    private readonly Dictionary<long, HashSet<int>> _wordsWith = new();

    public PairStatistics(int[][] symbols, long[] frequencies)
    {
        _symbols = symbols;
        _frequencies = frequencies;
        _lengths = symbols.Select(s => s.Length).ToArray();
        for (var w = 0; w < symbols.Length; w++)
        {
            for (var i = 0; i + 1 < symbols[w].Length; i++)
            {
                var pair = PairQueue.Key(symbols[w][i], symbols[w][i + 1]);
                CollectionsMarshal.GetValueRefOrAddDefault(_counts, pair, out _) += frequencies[w];
                WordsWith(pair).Add(w);
            }
        }
    }

    /// <summary>Queues every pair with its current count.</summary>
    public void FillQueue(PairQueue queue)
    {
        foreach (var (pair, count) in _counts.OrderBy(p => p.Key))
        {
            queue.Push(pair, count);
        }
    }

    public long CountOf(long pair) => _counts.GetValueOrDefault(pair);

    /// <summary>Replaces every occurrence of <paramref name="pair"/> by <paramref name="merged"/> and queues the
    /// pairs this creates.</summary>
    public void Apply(long pair, int merged, PairQueue queue)
    {
        var (left, right) = PairQueue.Split(pair);
        var created = new HashSet<long>();
        if (!_wordsWith.Remove(pair, out var words))
        {
            return;
        }

        foreach (var w in words)
        {
            var s = _symbols[w];
            var length = _lengths[w];
            var frequency = _frequencies[w];
            for (var i = 0; i + 1 < length; i++)
            {
                if (s[i] != left || s[i + 1] != right)
                {
                    continue;
                }

                Change(PairQueue.Key(left, right), -frequency);
                if (i > 0)
                {
                    Change(PairQueue.Key(s[i - 1], left), -frequency);
                    Created(PairQueue.Key(s[i - 1], merged), frequency, w, created);
                }

                if (i + 2 < length)
                {
                    Change(PairQueue.Key(right, s[i + 2]), -frequency);
                    Created(PairQueue.Key(merged, s[i + 2]), frequency, w, created);
                }

                s[i] = merged;
                Array.Copy(s, i + 2, s, i + 1, length - i - 2);
                length--;
            }

            _lengths[w] = length;
        }

        foreach (var newPair in created.Order())
        {
            // A pair created and consumed again within one word ("a a a a") may be gone by now.
            if (_counts.TryGetValue(newPair, out var count))
            {
                queue.Push(newPair, count);
            }
        }
    }

    private void Created(long pair, long frequency, int word, HashSet<long> created)
    {
        Change(pair, frequency);
        WordsWith(pair).Add(word);
        created.Add(pair);
    }

    private void Change(long pair, long delta)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, pair, out _);
        count += delta;
        if (count == 0)
        {
            _counts.Remove(pair);
        }
    }

    private HashSet<int> WordsWith(long pair)
    {
        ref var set = ref CollectionsMarshal.GetValueRefOrAddDefault(_wordsWith, pair, out _);
        return set ??= [];
    }
}
