namespace RaRlhf.Rl.Evaluation;

/// <summary>
/// Dist-n after DExperts (Liu et al., 2021), as specified in docs/metrics.md: for each generation, the number of
/// distinct n-grams divided by its total number of n-grams (L − n + 1 for L tokens); the score is the mean over
/// generations that have at least one n-gram (shorter ones are left out, as DExperts' nanmean).
/// </summary>
public sealed record DistinctNgrams(int N, int Generations, int Skipped, double Value)
{
    public static DistinctNgrams Compute<T>(IReadOnlyList<IReadOnlyList<T>> generations, int n)
    {
        ArgumentNullException.ThrowIfNull(generations);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double sum = 0;
        int counted = 0, skipped = 0;
        var seen = new HashSet<T[]>(SequenceComparer<T>.Instance);
        foreach (var g in generations)
        {
            var total = g.Count - n + 1;
            if (total <= 0)
            {
                skipped++;
                continue;
            }

            seen.Clear();
            for (var i = 0; i < total; i++)
            {
                var gram = new T[n];
                for (var j = 0; j < n; j++)
                {
                    gram[j] = g[i + j];
                }

                seen.Add(gram);
            }

            sum += (double)seen.Count / total;
            counted++;
        }

        return new DistinctNgrams(n, counted, skipped, counted == 0 ? double.NaN : sum / counted);
    }

    /// <summary>
    /// The DExperts evaluation script's variant, for reproducing published numbers: per prompt, the distinct n-grams
    /// of all its generations together divided by the total number of tokens (not n-grams) of those generations,
    /// averaged over prompts; prompts without tokens are skipped.
    /// </summary>
    public static DistinctNgrams ComputeDexpertsScript<T>(IReadOnlyList<IReadOnlyList<IReadOnlyList<T>>> generationsPerPrompt, int n)
    {
        ArgumentNullException.ThrowIfNull(generationsPerPrompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double sum = 0;
        int counted = 0, skipped = 0;
        var seen = new HashSet<T[]>(SequenceComparer<T>.Instance);
        foreach (var prompt in generationsPerPrompt)
        {
            seen.Clear();
            long tokens = 0;
            foreach (var g in prompt)
            {
                tokens += g.Count;
                for (var i = 0; i + n <= g.Count; i++)
                {
                    var gram = new T[n];
                    for (var j = 0; j < n; j++)
                    {
                        gram[j] = g[i + j];
                    }

                    seen.Add(gram);
                }
            }

            if (tokens == 0)
            {
                skipped++;
                continue;
            }

            sum += (double)seen.Count / tokens;
            counted++;
        }

        return new DistinctNgrams(n, counted, skipped, counted == 0 ? double.NaN : sum / counted);
    }
}
