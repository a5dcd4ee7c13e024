using RaRlhf.Actors.Cluster;

namespace RaRlhf.Actors.Tests.Cluster;

public sealed class ClusterBenchmarkTests
{
    [Fact]
    public void ReadGenerated_ReadsTheRolloutNodesOwnProgressLine()
    {
        // The line as a node process prints it: ClusterContext.Progress prefixes the node name.
        var line = "bench-rollout-1: " + RolloutRole.GeneratedLine("3/1", TimeSpan.FromMilliseconds(12.4), TimeSpan.FromMilliseconds(171.6));

        Assert.Equal(("bench-rollout-1", 3, 1, 172.0), ClusterTimings.ReadGenerated(line));
    }

    [Theory]
    [InlineData("bench-rollout-0: rollout took 3/1")]
    [InlineData("bench-rollout-0: learned iteration 3 from 0@a: ms step 10 generate x")]
    [InlineData("stderr: bench-rollout-0: rollout generated 3/1: ms policy wait/load 1 generate")]
    public void ReadGenerated_OtherLines_AreNotTimings(string line) => Assert.Null(ClusterTimings.ReadGenerated(line));

    [Fact]
    public void RolloutRate_GenerateOnlyPerNode_IsEpisodesPerItemOverTheItemTime() =>
        Assert.Equal(80, new RolloutRate(60, 200, 16).GenerateOnlyPerNode, 9);
}
