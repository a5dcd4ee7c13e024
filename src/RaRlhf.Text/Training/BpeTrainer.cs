using System.Diagnostics;
using System.Text;
using RaRlhf.Text.Bpe;
using RaRlhf.Text.ByteLevel;

namespace RaRlhf.Text.Training;

/// <summary>
/// Trains a byte-level BPE the way GPT-2's was built: count GPT-2 pre-tokens, start from the 256 byte tokens, then
/// repeatedly merge the most frequent adjacent pair (ties: smaller ids first) until the vocabulary is full or no
/// pair occurs <see cref="BpeTrainingSettings.MinFrequency"/> times. Deterministic for a corpus and settings.
/// Layout: ids 0..255 are bytes in GPT-2's order, then merges in rank order, then the special tokens.
/// </summary>
public static class BpeTrainer
{
    public static ByteLevelBpeTokenizer Train(
        IEnumerable<string> documents, BpeTrainingSettings settings, IProgress<BpeTrainingProgress>? progress = null)
    {
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var words = WordCounter.Count(documents, settings.Threads, (docs, chars) =>
            progress?.Report(new BpeTrainingProgress("counting", docs, 0, clock.Elapsed, $"{chars / 1e6:F1}M chars")));

        // Words in ordinal order so that nothing below depends on hash order.
        var ordered = words.OrderBy(w => w.Key, StringComparer.Ordinal).ToArray();
        var byteOrder = ByteUnicodeMap.BytesInGpt2Order;
        var byteToId = new int[256];
        var tokens = new List<string>(settings.VocabSize);
        for (var id = 0; id < 256; id++)
        {
            byteToId[byteOrder[id]] = id;
            tokens.Add(ByteUnicodeMap.ToChar(byteOrder[id]).ToString());
        }

        var symbols = ordered.Select(w => Encoding.UTF8.GetBytes(w.Key).Select(b => byteToId[b]).ToArray()).ToArray();
        var statistics = new PairStatistics(symbols, ordered.Select(w => w.Value).ToArray());
        var queue = new PairQueue();
        statistics.FillQueue(queue);

        var tokenToId = tokens.Select((t, id) => (t, id)).ToDictionary(x => x.t, x => x.id, StringComparer.Ordinal);
        var merges = new List<(string Left, string Right)>();
        var mergeTarget = settings.VocabSize - 256 - settings.Specials.Count;
        while (merges.Count < mergeTarget && queue.TryPop(out var pair, out var queued))
        {
            var count = statistics.CountOf(pair);
            if (count != queued)
            {
                if (count > 0)
                {
                    queue.Push(pair, count); // stale: its count dropped since it was queued
                }

                continue;
            }

            if (count < settings.MinFrequency)
            {
                break;
            }

            var (left, right) = PairQueue.Split(pair);
            var token = tokens[left] + tokens[right];
            if (!tokenToId.TryGetValue(token, out var merged))
            {
                merged = tokens.Count;
                tokens.Add(token);
                tokenToId.Add(token, merged);
            }

            merges.Add((tokens[left], tokens[right]));
            statistics.Apply(pair, merged, queue);
            if (merges.Count % 100 == 0 || merges.Count == mergeTarget)
            {
                progress?.Report(new BpeTrainingProgress("merging", merges.Count, mergeTarget, clock.Elapsed,
                    $"'{token}' x{count}"));
            }
        }

        var added = new List<AddedToken>();
        foreach (var special in settings.Specials)
        {
            if (tokenToId.ContainsKey(special))
            {
                throw new ArgumentException($"special token '{special}' was also learned as an ordinary token");
            }

            added.Add(new AddedToken(tokens.Count, special, Special: true));
            tokenToId.Add(special, tokens.Count);
            tokens.Add(special);
        }

        return new ByteLevelBpeTokenizer(new BpeVocabulary("trained", tokenToId, merges, added));
    }
}
