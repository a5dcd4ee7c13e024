namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Scalar double-precision log-softmax gather, entropy and gradient.</summary>
public static class SoftmaxCrossEntropyReference
{
    public static void Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, Span<float> logProbs, Span<float> entropy, int n, int v)
    {
        for (var i = 0; i < n; i++)
        {
            var p = Softmax(logits.Slice(i * v, v));
            logProbs[i] = targets[i] < 0 ? 0f : (float)Math.Log(p[targets[i]]);
            double h = 0;
            foreach (var pj in p) h -= pj > 0 ? pj * Math.Log(pj) : 0;
            entropy[i] = (float)h;
        }
    }

    public static void Backward(Span<float> dlogits, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> dLogProbs, int n, int v)
    {
        for (var i = 0; i < n; i++)
        {
            var p = Softmax(logits.Slice(i * v, v));
            for (var j = 0; j < v; j++)
            {
                dlogits[i * v + j] = targets[i] < 0 ? 0f : (float)(dLogProbs[i] * ((j == targets[i] ? 1 : 0) - p[j]));
            }
        }
    }

    private static double[] Softmax(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity;
        foreach (var x in row) max = Math.Max(max, x);
        var p = new double[row.Length];
        double sum = 0;
        for (var j = 0; j < row.Length; j++) sum += p[j] = Math.Exp(row[j] - max);
        for (var j = 0; j < row.Length; j++) p[j] /= sum;
        return p;
    }
}
