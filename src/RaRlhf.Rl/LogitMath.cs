namespace RaRlhf.Rl;

/// <summary>Row-wise helpers over one position's logits (V): log-softmax and entropy (TRL entropy_from_logits).</summary>
public static class LogitMath
{
    /// <summary>destination[v] = logits[v] − logsumexp(logits).</summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (destination.Length != logits.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements, logits {logits.Length}");
        }

        var lse = LogSumExp(logits);
        for (var v = 0; v < logits.Length; v++)
        {
            destination[v] = (float)(logits[v] - lse);
        }
    }

    /// <summary>logsumexp(x) − Σ softmax(x)·x, the entropy of the categorical distribution the logits define.</summary>
    public static float Entropy(ReadOnlySpan<float> logits)
    {
        var lse = LogSumExp(logits);
        double expected = 0;
        for (var v = 0; v < logits.Length; v++)
        {
            expected += Math.Exp(logits[v] - lse) * logits[v];
        }

        return (float)(lse - expected);
    }

    public static double LogSumExp(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("logsumexp of an empty row");
        }

        double max = double.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (var v in x)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Per-token entropies (B, T) from flat (B, T, V) logits, for <c>PpoLoss.Compute(entropies:)</c>.</summary>
    public static TokenMatrix Entropies(ReadOnlySpan<float> logits, int rows, int cols, int vocab)
    {
        if (logits.Length != rows * cols * vocab)
        {
            throw new ArgumentException($"logits hold {logits.Length} floats, ({rows}, {cols}, {vocab}) needs {rows * cols * vocab}");
        }

        var h = new TokenMatrix(rows, cols);
        for (var i = 0; i < rows * cols; i++)
        {
            h.Data[i] = Entropy(logits.Slice(i * vocab, vocab));
        }

        return h;
    }
}
