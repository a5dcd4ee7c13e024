namespace RaRlhf.Rl;

/// <summary>
/// Per-token KL penalty estimates (TRL 0.7.2 <c>PPOTrainer._kl_penalty</c>). "kl", "abs" and "mse" need only the
/// sampled token's log-probs (B, T); "full" needs each token's whole log-prob row over the vocabulary, so it is
/// computed row by row with <see cref="Full"/> (or <see cref="FullFromLogits"/>) and stored in a (B, T) matrix.
/// </summary>
public static class KlPenalty
{
    /// <summary>The (B, T) penalty for the sampled-token variants; "full" throws (it needs distributions).</summary>
    public static TokenMatrix PerToken(KlPenaltyKind kind, TokenMatrix logProbs, TokenMatrix refLogProbs)
    {
        logProbs.RequireSameShape(refLogProbs, "logprobs", "ref_logprobs");
        var kl = new TokenMatrix(logProbs.Rows, logProbs.Cols);
        for (var i = 0; i < kl.Data.Length; i++)
        {
            var d = logProbs.Data[i] - refLogProbs.Data[i];
            kl.Data[i] = kind switch
            {
                KlPenaltyKind.Kl => d,
                KlPenaltyKind.Abs => MathF.Abs(d),
                KlPenaltyKind.Mse => 0.5f * d * d,
                KlPenaltyKind.Full => throw new ArgumentException(
                    "kl_penalty 'full' needs the full log-prob distributions: compute each token with KlPenalty.Full " +
                    "(or FullFromLogits) and pass the resulting (B, T) matrix", nameof(kind)),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kl_penalty"),
            };
        }

        return kl;
    }

    /// <summary>Σ_v exp(lp_v)·(lp_v − ref_v): KL(π‖π_ref) at one position, from log-prob rows (V).</summary>
    public static float Full(ReadOnlySpan<float> logProbs, ReadOnlySpan<float> refLogProbs)
    {
        if (logProbs.Length != refLogProbs.Length)
        {
            throw new ArgumentException($"log-prob rows differ in vocabulary size: {logProbs.Length} vs {refLogProbs.Length}");
        }

        double sum = 0;
        for (var v = 0; v < logProbs.Length; v++)
        {
            sum += Math.Exp(logProbs[v]) * (logProbs[v] - (double)refLogProbs[v]);
        }

        return (float)sum;
    }

    /// <summary>The "full" KL from raw logit rows (V): log-softmax both, then <see cref="Full"/>.</summary>
    public static float FullFromLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> refLogits)
    {
        var lp = new float[logits.Length];
        var rp = new float[refLogits.Length];
        LogitMath.LogSoftmax(logits, lp);
        LogitMath.LogSoftmax(refLogits, rp);
        return Full(lp, rp);
    }

    /// <summary>
    /// The "full" KL for a whole batch: <paramref name="logProbs"/> and <paramref name="refLogProbs"/> are flat
    /// (B, T, V) log-softmax outputs; returns the (B, T) matrix to pass as <c>PpoRollout.KlPerToken</c>.
    /// </summary>
    public static TokenMatrix FullMatrix(ReadOnlySpan<float> logProbs, ReadOnlySpan<float> refLogProbs, int rows, int cols, int vocab)
    {
        if (logProbs.Length != rows * cols * vocab || refLogProbs.Length != logProbs.Length)
        {
            throw new ArgumentException($"full KL needs two ({rows}, {cols}, {vocab}) buffers; got {logProbs.Length} and {refLogProbs.Length} floats");
        }

        var kl = new TokenMatrix(rows, cols);
        for (var i = 0; i < rows * cols; i++)
        {
            kl.Data[i] = Full(logProbs.Slice(i * vocab, vocab), refLogProbs.Slice(i * vocab, vocab));
        }

        return kl;
    }
}
