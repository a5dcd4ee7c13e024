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
            for (var i = start; i < end; i++)
            {
                var row = logits.Span.Slice(i * v, v);
                var max = System.Numerics.Tensors.TensorPrimitives.Max(row);
                double sum = 0, weighted = 0;
                for (var j = 0; j < v; j++)
                {
                    var e = Math.Exp(row[j] - max);
                    sum += e;
                    weighted += e * row[j];
                }

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

                var max = System.Numerics.Tensors.TensorPrimitives.Max(row);
                var sum = 0f;
                for (var j = 0; j < v; j++)
                {
                    var e = MathF.Exp(row[j] - max);
                    d[j] = e;
                    sum += e;
                }

                System.Numerics.Tensors.TensorPrimitives.Multiply(d, -g / sum, d);
                d[target] += g;
            }
        });
    }
}
