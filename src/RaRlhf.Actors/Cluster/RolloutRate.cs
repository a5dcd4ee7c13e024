namespace RaRlhf.Actors.Cluster;

/// <summary>
/// A rollout throughput measurement: end-to-end episodes per second, and the nodes' own mean time to generate one
/// work item of <paramref name="EpisodesPerItem"/> episodes (the compute inside that rate).
/// </summary>
public sealed record RolloutRate(double EpisodesPerSecond, double MeanGenerateMs, int EpisodesPerItem)
{
    /// <summary>Episodes per second one node would reach if it did nothing but generate.</summary>
    public double GenerateOnlyPerNode => EpisodesPerItem / (MeanGenerateMs / 1000);
}
