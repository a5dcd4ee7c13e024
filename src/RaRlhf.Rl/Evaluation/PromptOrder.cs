namespace RaRlhf.Rl.Evaluation;

/// <summary>Prompt indices sorted by prompt score ascending, ties by index (stable, so results are reproducible).</summary>
internal static class PromptOrder
{
    public static int[] Ascending(IReadOnlyList<double> promptScores)
    {
        if (promptScores.Any(double.IsNaN))
        {
            throw new ArgumentException("prompt scores contain NaN; they cannot be ranked");
        }

        return Enumerable.Range(0, promptScores.Count).OrderBy(i => promptScores[i]).ThenBy(i => i).ToArray();
    }
}
