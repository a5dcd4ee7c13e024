namespace RaRlhf.Rl.Evaluation;

/// <summary>
/// Corpus perplexity = exp(Σ_texts Σ_tokens NLL / Σ_texts token count): the mean natural-log negative
/// log-likelihood over every scored token of every text (token-weighted, not a mean of per-text perplexities).
/// The caller decides which tokens are scored (GPT-2: every token after the first of each text).
/// </summary>
public sealed record Perplexity(int Texts, long Tokens, double MeanNll, double Value)
{
    /// <param name="tokenNlls">Per text, the NLL (nats) of each scored token.</param>
    public static Perplexity Compute(IReadOnlyList<float[]> tokenNlls)
    {
        ArgumentNullException.ThrowIfNull(tokenNlls);
        double sum = 0;
        long tokens = 0;
        for (var i = 0; i < tokenNlls.Count; i++)
        {
            foreach (var nll in tokenNlls[i])
            {
                if (!float.IsFinite(nll) || nll < 0)
                {
                    throw new ArgumentException($"text {i} has a token NLL of {nll}; NLLs are finite and ≥ 0");
                }

                sum += nll;
            }

            tokens += tokenNlls[i].Length;
        }

        if (tokens == 0)
        {
            throw new ArgumentException("perplexity over no scored tokens: every text was empty");
        }

        var mean = sum / tokens;
        return new Perplexity(tokenNlls.Count, tokens, mean, Math.Exp(mean));
    }
}
