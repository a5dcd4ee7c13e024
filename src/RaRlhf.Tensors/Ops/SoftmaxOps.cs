using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;

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
        // gx = gy − softmax · Σ gy
        return Graph.Record(y, [x], () => ForEachRow(x, c, r =>
        {
            var yr = y.Data.Slice(r * c, c);
            var gyr = y.Grad.Slice(r * c, c);
            var sum = Reduction.Sum(gyr);
            var gxr = x.Grad.Slice(r * c, c);
            for (var i = 0; i < c; i++) { gxr[i] += gyr[i] - MathF.Exp(yr[i]) * sum; }
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
        for (var r = 0; r < rows; r++)
        {
            lse[r] = LogSumExp(logits.Data.Slice(r * v, v));
            y.Data[r] = logits.Data[r * v + ids[r]] - lse[r];
        }

        // d/dlogits = g · (onehot − softmax)
        return Graph.Record(y, [logits], () =>
        {
            for (var r = 0; r < rows; r++)
            {
                var g = y.Grad[r];
                var row = logits.Data.Slice(r * v, v);
                var grow = logits.Grad.Slice(r * v, v);
                for (var i = 0; i < v; i++) { grow[i] -= g * MathF.Exp(row[i] - lse[r]); }

                grow[ids[r]] += g;
            }
        });
    }

    internal static float LogSumExp(ReadOnlySpan<float> row)
    {
        var max = Reduction.Max(row);
        double sum = 0;
        foreach (var x in row) { sum += Math.Exp(x - max); }

        return max + (float)Math.Log(sum);
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

    private static void ForEachRow(Tensor x, int c, Action<int> body)
    {
        for (var r = 0; r < x.Size / Math.Max(c, 1); r++)
        {
            body(r);
        }
    }
}
