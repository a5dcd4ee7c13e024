using RaRlhf.Rl.Evaluation;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// The metrics of one evaluated method, from its episodes and perplexity NLLs with the RaRlhf.Rl.Evaluation
/// functions: average completion reward, tail reward, perplexity (NaN = not measured) and Dist-1/2/3 over the
/// completion token ids.
/// </summary>
public sealed record EvaluationSummary(MethodMetrics Metrics, AverageReward Reward, TailReward? Tail, Perplexity? Perplexity, string TailDefinition)
{
    public static EvaluationSummary Compute(EvaluationResult result, TailSpec tail, string promptSet)
    {
        ArgumentNullException.ThrowIfNull(result);
        var episodes = result.Episodes;
        var scores = episodes.Select(e => e.PromptScore).ToArray();
        var rewards = episodes.Select(e => e.CompletionReward).ToArray();
        var average = AverageReward.Compute(rewards);
        var tailReward = tail.Apply(scores, rewards);
        var perplexity = result.TokenNlls.Count == 0 ? null : Rl.Evaluation.Perplexity.Compute(result.TokenNlls);
        IReadOnlyList<IReadOnlyList<int>> generations = episodes.Select(e => (IReadOnlyList<int>)e.CompletionIds).ToArray();
        var metrics = new MethodMetrics(
            average.Mean,
            tailReward?.Mean ?? double.NaN,
            perplexity?.Value ?? double.NaN,
            DistinctNgrams.Compute(generations, 1).Value,
            DistinctNgrams.Compute(generations, 2).Value,
            DistinctNgrams.Compute(generations, 3).Value);
        return new EvaluationSummary(metrics, average, tailReward, perplexity, tail.Describe(tailReward, episodes.Count, promptSet));
    }
}
