namespace RaRlhf.Rl.Reporting;

/// <summary>
/// The table row of one evaluated method, exactly the six numbers of metrics.json. A value that could not be
/// measured is NaN (written as JSON null), never a made-up number.
/// </summary>
public sealed record MethodMetrics(double Reward, double TailReward, double Perplexity, double Dist1, double Dist2, double Dist3)
{
    /// <summary>The metrics.json key and value of each field, in the file's order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Fields() =>
    [
        new("reward", Reward),
        new("tail_reward", TailReward),
        new("perplexity", Perplexity),
        new("dist1", Dist1),
        new("dist2", Dist2),
        new("dist3", Dist3),
    ];
}
