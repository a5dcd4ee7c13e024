namespace RaRlhf.Rl.Training;

/// <summary>
/// Training examples for <see cref="CausalLmTrainer"/>: either <see cref="Packed"/> (documents joined into one token
/// stream, EOS between them, cut into windows of exactly T tokens, the tail dropped; pretraining style) or
/// <see cref="Padded"/> (one example per document, truncated to T, right padded in each batch; SFT style).
/// </summary>
public sealed class LmCorpus
{
    private LmCorpus(IReadOnlyList<int[]> examples) => Examples = examples;

    public IReadOnlyList<int[]> Examples { get; }

    public int Count => Examples.Count;

    public static LmCorpus Packed(IEnumerable<int[]> documents, int sequenceLength, int? separatorId)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 2);
        var stream = new List<int>();
        foreach (var d in documents)
        {
            stream.AddRange(d);
            if (separatorId is { } sep) stream.Add(sep);
        }

        var windows = new List<int[]>();
        for (var start = 0; start + sequenceLength <= stream.Count; start += sequenceLength)
        {
            windows.Add(stream.GetRange(start, sequenceLength).ToArray());
        }

        return windows.Count > 0
            ? new LmCorpus(windows)
            : throw new ArgumentException($"the corpus has {stream.Count} tokens, fewer than one window of {sequenceLength}");
    }

    public static LmCorpus Padded(IEnumerable<int[]> documents, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var examples = documents.Where(d => d.Length >= 2).Select(d => d.Length > maxLength ? d[..maxLength] : d).ToList();
        return examples.Count > 0
            ? new LmCorpus(examples)
            : throw new ArgumentException("no document has the 2 tokens a language-model example needs");
    }

    /// <summary>Batch k of an epoch whose order is <paramref name="order"/> (a permutation of the examples).</summary>
    public LmBatch Batch(ReadOnlySpan<int> order, int batchIndex, int batchSize)
    {
        var rows = new List<int[]>(batchSize);
        for (var i = batchIndex * batchSize; i < Math.Min(order.Length, (batchIndex + 1) * batchSize); i++)
        {
            rows.Add(Examples[order[i]]);
        }

        return LmBatch.Pad(rows);
    }
}
