using System.Numerics.Tensors;

namespace RaRlhf.Models.Sampling;

/// <summary>Draws one token from a logits row with temperature, top-k and top-p, as HF's warpers, given u ∈ [0, 1).</summary>
public static class TokenSampler
{
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, double u)
    {
        var v = logits.Length;
        if (options.Temperature <= 0f || options.TopK == 1)
        {
            return TensorPrimitives.IndexOfMax(logits);
        }

        var probs = new float[v];
        TensorPrimitives.Multiply(logits, 1f / options.Temperature, probs);
        if (options.TopK > 0 && options.TopK < v)
        {
            // Keep every logit ≥ the k-th largest (ties kept, as HF's TopKLogitsWarper).
            var sorted = probs.ToArray();
            Array.Sort(sorted);
            var threshold = sorted[v - options.TopK];
            for (var i = 0; i < v; i++) if (probs[i] < threshold) probs[i] = float.NegativeInfinity;
        }

        TensorPrimitives.Subtract(probs, TensorPrimitives.Max(probs), probs);
        TensorPrimitives.Exp(probs, probs);
        TensorPrimitives.Multiply(probs, 1f / TensorPrimitives.Sum(probs), probs);
        if (options.TopP < 1f)
        {
            // Nucleus: keep the most probable tokens while the mass before them is < top_p (at least one).
            var order = Enumerable.Range(0, v).ToArray();
            var keys = probs.Select(p => -p).ToArray();
            Array.Sort(keys, order);
            double before = 0;
            var kept = 0;
            while (kept < v && before < options.TopP)
            {
                before += probs[order[kept]];
                kept++;
            }

            for (var r = kept; r < v; r++) probs[order[r]] = 0f;
            TensorPrimitives.Multiply(probs, 1f / TensorPrimitives.Sum(probs), probs);
        }

        double cumulative = 0;
        var lastPositive = 0;
        for (var i = 0; i < v; i++)
        {
            if (probs[i] <= 0f) continue;
            lastPositive = i;
            cumulative += probs[i];
            if (u < cumulative) return i;
        }

        return lastPositive; // u within rounding of 1
    }

    /// <summary>log softmax(logits)[token].</summary>
    public static float LogSoftmaxAt(ReadOnlySpan<float> logits, int token)
    {
        var max = TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (var x in logits) sum += MathF.Exp(x - max);
        return (float)(logits[token] - max - Math.Log(sum));
    }
}
