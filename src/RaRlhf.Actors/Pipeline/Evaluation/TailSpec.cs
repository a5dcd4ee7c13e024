using System.Globalization;
using RaRlhf.Rl.Evaluation;

namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// Which prompts form the tail (docs/metrics.md): the ⌈q·N⌉ lowest by prompt score (quantile, for our own reward
/// models) or those with prompt score ≤ τ (threshold, the paper's −2.5 / +5 on its classifiers).
/// </summary>
public sealed record TailSpec(TailRewardMethod Method, double Parameter)
{
    /// <summary>The tail reward, or null when no prompt qualifies (threshold method): not measured, said in <see cref="Describe"/>.</summary>
    public TailReward? Apply(IReadOnlyList<double> promptScores, IReadOnlyList<double> completionRewards)
    {
        if (Method == TailRewardMethod.Quantile)
        {
            return TailReward.ByQuantile(promptScores, completionRewards, (decimal)Parameter);
        }

        return promptScores.Any(s => s <= Parameter) ? TailReward.ByThreshold(promptScores, completionRewards, Parameter) : null;
    }

    /// <summary>metrics.json "tail.definition": method, parameter, counts, the prompt set and the score cut-off.</summary>
    public string Describe(TailReward? tail, int total, string promptSet)
    {
        var inv = CultureInfo.InvariantCulture;
        if (Method == TailRewardMethod.Quantile)
        {
            var t = tail!;
            return string.Create(inv,
                $"the {t.Count} of the {total} {promptSet} with the lowest prompt score (quantile q = {Parameter}; prompt score ≤ {t.PromptScoreCutoff:G4})");
        }

        return tail is null
            ? string.Create(inv, $"the {promptSet} with prompt score ≤ {Parameter} (threshold): none of the {total} qualifies, tail reward not measured")
            : string.Create(inv, $"the {tail.Count} of the {total} {promptSet} with prompt score ≤ {Parameter} (threshold)");
    }
}
