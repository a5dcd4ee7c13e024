using System.Numerics.Tensors;

namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// Per-row log-softmax gathered at a target (the negative cross-entropy) and the entropy of the row's distribution,
/// rows in parallel. Target &lt; 0 means "ignore": log-prob 0, no gradient. Reference: <see cref="SoftmaxCrossEntropyReference"/>.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <param name="logits">(N, V)</param>
    /// <param name="targets">(N) class index or negative to ignore</param>
    /// <param name="logProbs">(N) log softmax(logits)[target]</param>
    /// <param name="entropy">(N) −Σ p log p, or empty to skip</param>
    public static void Forward(ReadOnlyMemory<float> logits, ReadOnlyMemory<int> targets, Memory<float> logProbs,
        Memory<float> entropy, int n, int v)
    {
        RowParallel.For(n, 3L * v, (start, end) =>
        {
            var e = new float[v];
            for (var i = start; i < end; i++)
            {
                var row = logits.Span.Slice(i * v, v);
                var max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, e);
                TensorPrimitives.Exp(e, e);
                double sum = TensorPrimitives.Sum(e);
                double weighted = TensorPrimitives.Dot(e, row);
                var lse = max + Math.Log(sum);
                var target = targets.Span[i];
                if (target >= v)
                {
                    throw new ArgumentOutOfRangeException(nameof(targets), $"target {target} at row {i} is outside [0, {v})");
                }

                logProbs.Span[i] = target < 0 ? 0f : (float)(row[target] - lse);
                if (!entropy.IsEmpty)
                {
                    entropy.Span[i] = (float)(lse - weighted / sum);
                }
            }
        });
    }

    /// <summary>dlogits = dLogProb · (onehot(target) − softmax(logits)); dlogits may alias logits (row-wise in place).</summary>
    public static void Backward(Memory<float> dlogits, ReadOnlyMemory<float> logits, ReadOnlyMemory<int> targets,
        ReadOnlyMemory<float> dLogProbs, int n, int v)
    {
        RowParallel.For(n, 3L * v, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var row = logits.Span.Slice(i * v, v);
                var d = dlogits.Span.Slice(i * v, v);
                var target = targets.Span[i];
                var g = dLogProbs.Span[i];
                if (target < 0 || g == 0f)
                {
                    d.Clear();
                    continue;
                }

                var max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, d);
                TensorPrimitives.Exp(d, d);
                TensorPrimitives.Multiply(d, -g / TensorPrimitives.Sum(d), d);
                d[target] += g;
            }
        });
    }
}
