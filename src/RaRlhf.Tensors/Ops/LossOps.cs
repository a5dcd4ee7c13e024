using RaRlhf.Tensors.Autograd;

namespace RaRlhf.Tensors.Ops;

/// <summary>Cross-entropy with an ignore index (torch.nn.functional.cross_entropy, reduction='mean').</summary>
public static class LossOps
{
    public const int DefaultIgnoreIndex = -100;

    /// <summary>
    /// Mean over non-ignored rows of −log_softmax(logits)[row, target]; logits (..., V), one target per row.
    /// With every row ignored the result is NaN (as in PyTorch) and the gradient zero.
    /// </summary>
    public static Tensor CrossEntropy(this Tensor logits, ReadOnlySpan<int> targets, int ignoreIndex = DefaultIgnoreIndex)
    {
        var v = logits.Shape[^1];
        var rows = logits.Size / Math.Max(v, 1);
        if (targets.Length != rows)
        {
            throw new ArgumentException($"CrossEntropy: {targets.Length} targets for {rows} rows of {Shapes.Format(logits.Shape)}.");
        }

        var ids = SoftmaxOps.CheckTargets(targets, v, ignoreIndex, "CrossEntropy");
        var lse = new float[rows];
        double total = 0;
        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            if (ids[r] == ignoreIndex) { continue; }

            lse[r] = SoftmaxOps.LogSumExp(logits.Data.Slice(r * v, v));
            total += lse[r] - logits.Data[r * v + ids[r]];
            count++;
        }

        var y = Tensor.Scalar((float)(total / count));
        return Graph.Record(y, [logits], () =>
        {
            if (count == 0) { return; }

            var g = y.Grad[0] / count;
            for (var r = 0; r < rows; r++)
            {
                if (ids[r] == ignoreIndex) { continue; }

                var row = logits.Data.Slice(r * v, v);
                var grow = logits.Grad.Slice(r * v, v);
                for (var i = 0; i < v; i++) { grow[i] += g * MathF.Exp(row[i] - lse[r]); }

                grow[ids[r]] -= g;
            }
        });
    }
}
