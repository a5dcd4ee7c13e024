using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

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
        var rowLoss = new double[rows];
        RowParallel.ForEach(rows, v, r =>
        {
            if (ids[r] == ignoreIndex) { return; }

            lse[r] = Reduction.LogSumExp(logits.Data.Slice(r * v, v));
            rowLoss[r] = lse[r] - logits.Data[r * v + ids[r]];
        });

        var count = ids.Count(t => t != ignoreIndex);
        var total = rowLoss.Sum(); // sequential: deterministic whatever the thread count
        var y = Tensor.Scalar((float)(total / count));
        return Graph.Record(y, [logits], () =>
        {
            if (count == 0) { return; }

            var g = y.Grad[0] / count;
            logits.EnsureGrad();
            RowParallel.ForEach(rows, v, r =>
            {
                if (ids[r] == ignoreIndex) { return; }

                var grow = logits.Grad.Slice(r * v, v);
                Elementwise.AddScaledExpInPlace(grow, logits.Data.Slice(r * v, v), lse[r], g);
                grow[ids[r]] -= g;
            });
        });
    }
}
