namespace RaRlhf.Rl.Training;

/// <summary>(B, T) token ids right padded with a mask (1 = token). Packed windows have no padding (all ones).</summary>
public sealed record LmBatch(int[] Ids, float[] Mask, int B, int T)
{
    /// <summary>Right pads sequences (each ≥ 2 tokens) to the longest; padding id 0 under mask 0.</summary>
    public static LmBatch Pad(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one sequence", nameof(sequences));
        }

        var t = sequences.Max(s => s.Length);
        var ids = new int[sequences.Count * t];
        var mask = new float[ids.Length];
        for (var b = 0; b < sequences.Count; b++)
        {
            if (sequences[b].Length < 2)
            {
                throw new ArgumentException($"sequence {b} has {sequences[b].Length} tokens; language modelling needs ≥ 2", nameof(sequences));
            }

            sequences[b].CopyTo(ids, b * t);
            mask.AsSpan(b * t, sequences[b].Length).Fill(1f);
        }

        return new LmBatch(ids, mask, sequences.Count, t);
    }
}
