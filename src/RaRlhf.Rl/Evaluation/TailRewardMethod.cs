namespace RaRlhf.Rl.Evaluation;

/// <summary>How the tail prompts were chosen; every tail result says which.</summary>
public enum TailRewardMethod
{
    /// <summary>Prompts whose own reward score is ≤ a fixed threshold (paper: IMDB −2.5, toxicity +5).</summary>
    Threshold,

    /// <summary>The lowest-scoring ⌈q·N⌉ prompts by prompt score (ties broken by input order).</summary>
    Quantile,
}
