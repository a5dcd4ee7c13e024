using RaRlhf.Text.ByteLevel;

namespace RaRlhf.Text.Tests;

/// <summary>
/// Reference trainer for the tests: recounts every pair of every word before each merge (no incremental
/// bookkeeping, no queue). Same rule as the real one: most frequent pair, ties to the smaller (left, right) ids.
/// </summary>
internal static class NaiveBpeTrainer
{
    public static List<(string Left, string Right)> Merges(IEnumerable<string> documents, int mergeCount, int minFrequency)
    {
        var wordCounts = documents.SelectMany(Gpt2PreTokenizer.Split).GroupBy(w => w)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var tokens = ByteUnicodeMap.BytesInGpt2Order.Select(b => ByteUnicodeMap.ToChar(b).ToString()).ToList();
        var idOf = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var words = wordCounts.Select(w => (Symbols: System.Text.Encoding.UTF8.GetBytes(w.Key)
            .Select(b => idOf[ByteUnicodeMap.ToChar(b).ToString()]).ToList(), Count: w.Value)).ToList();
        var merges = new List<(string, string)>();
        while (merges.Count < mergeCount)
        {
            var counts = new Dictionary<(int, int), long>();
            foreach (var (symbols, count) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    counts[(symbols[i], symbols[i + 1])] = counts.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
                }
            }

            if (counts.Count == 0)
            {
                break;
            }

            var best = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2).First();
            if (best.Value < minFrequency)
            {
                break;
            }

            var (left, right) = best.Key;
            var merged = tokens[left] + tokens[right];
            if (!idOf.TryGetValue(merged, out var mergedId))
            {
                mergedId = tokens.Count;
                tokens.Add(merged);
                idOf[merged] = mergedId;
            }

            merges.Add((tokens[left], tokens[right]));
            foreach (var (symbols, _) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = mergedId;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }
}
