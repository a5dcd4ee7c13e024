namespace RaRlhf.Models.Sampling;

/// <summary>Draws one token from a logits row with temperature, top-k and top-p, as HF's warpers, given u ∈ [0, 1).</summary>
public static class TokenSampler
{
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, double u)
    {
        var v = logits.Length;
        if (options.Temperature <= 0f || options.TopK == 1)
        {
            return System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);
        }

        var scaled = new double[v];
        for (var i = 0; i < v; i++) scaled[i] = logits[i] / (double)options.Temperature;
        if (options.TopK > 0 && options.TopK < v)
        {
            // Keep every logit ≥ the k-th largest (ties kept, as HF's TopKLogitsWarper).
            var sorted = (double[])scaled.Clone();
            Array.Sort(sorted);
            var threshold = sorted[v - options.TopK];
            for (var i = 0; i < v; i++) if (scaled[i] < threshold) scaled[i] = double.NegativeInfinity;
        }

        var max = scaled.Max();
        var probs = scaled.Select(s => Math.Exp(s - max)).ToArray();
        var total = probs.Sum();
        for (var i = 0; i < v; i++) probs[i] /= total;

        if (options.TopP < 1f)
        {
            // Nucleus: keep the most probable tokens while the mass before them is < top_p (at least one).
            var order = Enumerable.Range(0, v).OrderByDescending(i => probs[i]).ToArray();
            double before = 0;
            var keep = new bool[v];
            foreach (var i in order)
            {
                if (before >= options.TopP) break;
                keep[i] = true;
                before += probs[i];
            }

            total = 0;
            for (var i = 0; i < v; i++)
            {
                if (!keep[i]) probs[i] = 0;
                total += probs[i];
            }

            for (var i = 0; i < v; i++) probs[i] /= total;
        }

        double cumulative = 0;
        var lastPositive = 0;
        for (var i = 0; i < v; i++)
        {
            if (probs[i] <= 0) continue;
            lastPositive = i;
            cumulative += probs[i];
            if (u < cumulative) return i;
        }

        return lastPositive; // u within rounding of 1
    }

    /// <summary>log softmax(logits)[token] in double.</summary>
    public static float LogSoftmaxAt(ReadOnlySpan<float> logits, int token)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (var x in logits) sum += Math.Exp(x - max);
        return (float)(logits[token] - max - Math.Log(sum));
    }
}
