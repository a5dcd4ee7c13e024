using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Ops;

/// <summary>Softmax, log-softmax and the fused log-prob gather, all over the last dimension.</summary>
public static class SoftmaxOps
{
    public static Tensor Softmax(this Tensor x)
    {
        var c = x.Shape[^1];
        var y = Tensor.Zeros(x.Shape);
        ForEachRow(x, c, r => Elementwise.Softmax(x.Data.Slice(r * c, c), y.Data.Slice(r * c, c)));
        // gx = y ⊙ (gy − Σ gy·y)
        return Graph.Record(y, [x], () => ForEachRow(x, c, r =>
        {
            var yr = y.Data.Slice(r * c, c);
            var gyr = y.Grad.Slice(r * c, c);
            var dot = Reduction.Dot(gyr, yr);
            var gxr = x.Grad.Slice(r * c, c);
            for (var i = 0; i < c; i++) { gxr[i] += yr[i] * (gyr[i] - dot); }
        }));
    }

    public static Tensor LogSoftmax(this Tensor x)
    {
        var c = x.Shape[^1];
        var y = Tensor.Zeros(x.Shape);
        ForEachRow(x, c, r => Elementwise.LogSoftmax(x.Data.Slice(r * c, c), y.Data.Slice(r * c, c)));
        // gx = gy − softmax · Σ gy, softmax = exp(y)
        return Graph.Record(y, [x], () => ForEachRow(x, c, r =>
        {
            var gyr = y.Grad.Slice(r * c, c);
            var gxr = x.Grad.Slice(r * c, c);
            Elementwise.AddScaledInPlace(gxr, gyr, 1f);
            Elementwise.AddScaledExpInPlace(gxr, y.Data.Slice(r * c, c), 0f, -Reduction.Sum(gyr));
        }));
    }

    /// <summary>
    /// log_softmax(logits)[..., targets] without materialising the log-softmax: logits (..., V), one target per row
    /// (row-major order of the leading dims) → (...). TRL's logprobs_from_logits.
    /// </summary>
    public static Tensor GatherLogProbs(this Tensor logits, ReadOnlySpan<int> targets)
    {
        var v = logits.Shape[^1];
        var rows = logits.Size / Math.Max(v, 1);
        if (targets.Length != rows)
        {
            throw new ArgumentException($"GatherLogProbs: {targets.Length} targets for {rows} rows of {Shapes.Format(logits.Shape)}.");
        }

        var ids = CheckTargets(targets, v, ignoreIndex: null, "GatherLogProbs");
        var lse = new float[rows];
        var y = Tensor.Zeros(logits.Shape[..^1]);
        RowParallel.ForEach(rows, v, r =>
        {
            lse[r] = Reduction.LogSumExp(logits.Data.Slice(r * v, v));
            y.Data[r] = logits.Data[r * v + ids[r]] - lse[r];
        });

        // d/dlogits = g · (onehot − softmax)
        return Graph.Record(y, [logits], () =>
        {
            var gy = y.Grad.ToArray();
            logits.EnsureGrad();
            RowParallel.ForEach(rows, v, r =>
            {
                var grow = logits.Grad.Slice(r * v, v);
                Elementwise.AddScaledExpInPlace(grow, logits.Data.Slice(r * v, v), lse[r], -gy[r]);
                grow[ids[r]] += gy[r];
            });
        });
    }

    internal static int[] CheckTargets(ReadOnlySpan<int> targets, int classes, int? ignoreIndex, string op)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            var t = targets[i];
            if ((t < 0 || t >= classes) && t != ignoreIndex)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), $"{op}: target {t} at row {i} is outside [0, {classes}).");
            }
        }

        return targets.ToArray();
    }

    private static void ForEachRow(Tensor x, int c, Action<int> body) => RowParallel.ForEach(x.Size / Math.Max(c, 1), c, body);
}
