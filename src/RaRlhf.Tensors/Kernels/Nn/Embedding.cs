namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Token + position embedding: out[i] = wte[ids[i]] + wpe[pos[i]] for N = B·T rows of width C.</summary>
public static class Embedding
{
    public static void Forward(Memory<float> output, ReadOnlyMemory<int> ids, ReadOnlyMemory<int> pos,
        ReadOnlyMemory<float> wte, ReadOnlyMemory<float> wpe, int n, int c)
    {
        var vocab = wte.Length / c;
        var positions = wpe.Length / c;
        var idSpan = ids.Span[..n];
        var posSpan = pos.Span[..n];
        for (var i = 0; i < n; i++)
        {
            if ((uint)idSpan[i] >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {idSpan[i]} at row {i} is outside the vocabulary [0, {vocab})");
            }

            if ((uint)posSpan[i] >= (uint)positions)
            {
                throw new ArgumentOutOfRangeException(nameof(pos), $"position {posSpan[i]} at row {i} is outside [0, {positions}) (sequence longer than n_positions?)");
            }
        }

        RowParallel.For(n, c, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(
                    wte.Span.Slice(ids.Span[i] * c, c), wpe.Span.Slice(pos.Span[i] * c, c), output.Span.Slice(i * c, c));
            }
        });
    }

    /// <summary>Scatter-adds dout rows into dwte and dwpe (serial: rows can share a token or position).</summary>
    public static void Backward(Span<float> dwte, Span<float> dwpe, ReadOnlySpan<float> dout, ReadOnlySpan<int> ids,
        ReadOnlySpan<int> pos, int n, int c)
    {
        for (var i = 0; i < n; i++)
        {
            var row = dout.Slice(i * c, c);
            var te = dwte.Slice(ids[i] * c, c);
            var pe = dwpe.Slice(pos[i] * c, c);
            System.Numerics.Tensors.TensorPrimitives.Add(te, row, te);
            System.Numerics.Tensors.TensorPrimitives.Add(pe, row, pe);
        }
    }
}
