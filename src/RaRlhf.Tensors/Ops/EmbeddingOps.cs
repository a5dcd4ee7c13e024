using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Ops;

/// <summary>Row gather from an embedding table; backward scatter-adds into the gathered rows.</summary>
public static class EmbeddingOps
{
    /// <summary>weight (V, C) gathered at <paramref name="ids"/> of shape <paramref name="idShape"/> → (idShape..., C).</summary>
    public static Tensor Embedding(this Tensor weight, ReadOnlySpan<int> ids, params int[] idShape)
    {
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Embedding table must be (V, C), got {Shapes.Format(weight.Shape)}.");
        }

        if (Shapes.SizeOf(idShape) != ids.Length)
        {
            throw new ArgumentException($"Embedding: {ids.Length} ids do not fill shape {Shapes.Format(idShape)}.");
        }

        var (vocab, c) = (weight.Shape[0], weight.Shape[1]);
        var rows = SoftmaxOps.CheckTargets(ids, vocab, ignoreIndex: null, "Embedding");
        var y = Tensor.Zeros([.. idShape, c]);
        for (var i = 0; i < rows.Length; i++)
        {
            weight.Data.Slice(rows[i] * c, c).CopyTo(y.Data.Slice(i * c, c));
        }

        return Graph.Record(y, [weight], () =>
        {
            for (var i = 0; i < rows.Length; i++)
            {
                Elementwise.AddScaledInPlace(weight.Grad.Slice(rows[i] * c, c), y.Grad.Slice(i * c, c), 1f);
            }
        });
    }
}
