using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RaRlhf.Models.Sampling;

/// <summary>
/// <see cref="TokenSampler.Sample"/> and <see cref="TokenSampler.LogSoftmaxAt"/> in one call without allocating: the
/// token is the reference's bit for bit (same probability arithmetic and the same cumulative scan), the top-k threshold
/// comes from a linear-time selection instead of a full sort, and with temperature 1 and no truncation the log-prob
/// reuses the sampling pass's exp-sum (vectorised, float: within ~1e-6 of the reference's double scalar sum).
/// </summary>
public static class FusedTokenSampler
{
    /// <summary>Scratch floats <see cref="Sample"/> needs for a vocabulary of <paramref name="v"/>.</summary>
    public static int ScratchLength(int v) => 2 * v;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, double u, Span<float> scratch, out float logProb)
    {
        var v = logits.Length;
        if (scratch.Length < 2 * v) throw new ArgumentException($"scratch needs {2 * v} floats, got {scratch.Length}", nameof(scratch));
        var probs = scratch[..v];
        var work = scratch.Slice(v, v);
        var max = TensorPrimitives.Max(logits);
        if (options.Temperature <= 0f || options.TopK == 1)
        {
            var greedy = TensorPrimitives.IndexOfMax(logits);
            logProb = LogSoftmaxAt(logits, greedy, max, work);
            return greedy;
        }

        var plain = options.Temperature == 1f && (options.TopK <= 0 || options.TopK >= v) && options.TopP >= 1f;
        TensorPrimitives.Multiply(logits, 1f / options.Temperature, probs);
        if (options.TopK > 0 && options.TopK < v)
        {
            probs.CopyTo(work);
            var threshold = KthSmallest(work, v - options.TopK);
            for (var i = 0; i < v; i++) if (probs[i] < threshold) probs[i] = float.NegativeInfinity;
        }

        TensorPrimitives.Subtract(probs, TensorPrimitives.Max(probs), probs);
        TensorPrimitives.Exp(probs, probs);
        var sum = TensorPrimitives.Sum(probs);
        TensorPrimitives.Multiply(probs, 1f / sum, probs);
        int token;
        if (options.TopP < 1f)
        {
            token = TokenSampler.Sample(logits, options, u); // nucleus: the reference's sort (rare in rollouts)
        }
        else
        {
            token = InvertCdf(probs, u);
        }

        logProb = plain ? logits[token] - max - MathF.Log(sum) : LogSoftmaxAt(logits, token, max, work);
        return token;
    }

    /// <summary>The reference's scan: first token whose cumulative probability (double) exceeds u.</summary>
    private static int InvertCdf(ReadOnlySpan<float> probs, double u)
    {
        double cumulative = 0;
        var lastPositive = 0;
        for (var i = 0; i < probs.Length; i++)
        {
            if (probs[i] <= 0f) continue;
            lastPositive = i;
            cumulative += probs[i];
            if (u < cumulative) return i;
        }

        return lastPositive;
    }

    private static float LogSoftmaxAt(ReadOnlySpan<float> logits, int token, float max, Span<float> work)
    {
        TensorPrimitives.Subtract(logits, max, work);
        TensorPrimitives.Exp(work, work);
        return logits[token] - max - MathF.Log(TensorPrimitives.Sum(work));
    }

    /// <summary>The value at sorted index <paramref name="k"/> (ascending), by quickselect; reorders <paramref name="a"/>.</summary>
    internal static float KthSmallest(Span<float> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            var pivot = a[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i > j) break;
                (a[i], a[j]) = (a[j], a[i]);
                i++;
                j--;
            }

            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }

        return a[k];
    }
}
