using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// `rarlhf node` child processes against a real RabbitMQ and PostgreSQL (started by <see cref="NodeServers"/> on
/// 127.0.0.1): the clustered run must end with exactly the weights of the local `train --tiny` run (tolerance 0,
/// float32 bit for bit), with every episode id learned exactly once — also after SIGKILL of a rollout node holding a
/// work item, SIGKILL of the coordinator+learner node, and a broker restart.
/// </summary>
[Collection(NodeServersCollection.Name)]
public sealed class NodeClusterTests(NodeServers servers, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Node_TwoRolloutNodesOneRewardNode_SameWeightsAsLocalTrainTiny()
    {
        using var run = new NodeRun(servers);
        NodeProcess[] nodes =
        [
            run.Start("coordinator,learner", "main"),
            run.Start("rollout", "rollout-a"),
            run.Start("rollout", "rollout-b"),
            run.Start("reward", "reward"),
        ];
        await run.WaitAllAsync(nodes, Limit);

        var (learned, weights) = await run.ResultAsync();
        var expected = await NodeRun.LocalWeights;
        var byNode = learned.SelectMany(l => l.Chunks).GroupBy(c => c.RolloutNode).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"chunks per rollout node: {string.Join(", ", byNode)}; max |Δw| vs train --tiny = {NodeRun.MaxAbsDiff(expected, weights)}");
        Assert.Equal(expected, weights);
        NodeRun.AssertEveryEpisodeOnce(learned);
    }

    [Fact]
    public async Task Node_RolloutNodeKilledHoldingWork_WorkRedeliveredAndRunCompletes()
    {
        using var run = new NodeRun(servers);
        var main = run.Start("coordinator,learner", "main");
        var reward = run.Start("reward", "reward");
        var doomed = run.Start("rollout", "doomed", "--set", "cluster.rollout_hold=5m");
        var taken = await doomed.WaitForLineAsync("rollout took", Limit);
        var survivor = run.Start("rollout", "survivor");
        await doomed.KillAsync();
        output.WriteLine($"killed the rollout node after '{taken}'");
        await run.WaitAllAsync([main, reward, survivor], Limit);

        var (learned, weights) = await run.ResultAsync();
        var redelivered = learned.SelectMany(l => l.Chunks.Where(c => c.Redelivered).Select(c => $"{l.Iteration}/{c.Chunk}")).ToList();
        output.WriteLine($"redelivered chunks: {string.Join(' ', redelivered)}; max |Δw| = {NodeRun.MaxAbsDiff(await NodeRun.LocalWeights, weights)}");
        Assert.Contains(taken.Split(' ')[^1], redelivered);
        Assert.All(learned.SelectMany(l => l.Chunks), c => Assert.Equal("survivor", c.RolloutNode));
        NodeRun.AssertEveryEpisodeOnce(learned);
        Assert.Equal(await NodeRun.LocalWeights, weights);
    }

    [Fact]
    public async Task Node_LearnerNodeKilled_NewLearnerResumesFromSnapshotSameWeights()
    {
        using var run = new NodeRun(servers);
        // Snapshots every 2 iterations: the new learner restores one and replays the journaled steps after it.
        var first = run.Start("coordinator,learner", "main-1", "--set", "cluster.snapshot_every=2");
        var rollout = run.Start("rollout", "rollout");
        var reward = run.Start("reward", "reward");
        await first.WaitForLineAsync($"iteration 3/{NodeRun.Iterations}", Limit);
        await first.KillAsync();
        var second = run.Start("coordinator,learner", "main-2", "--set", "cluster.snapshot_every=2");
        var resumed = await second.WaitForLineAsync("learner at policy", Limit);
        output.WriteLine($"second learner node: '{resumed}'");
        await run.WaitAllAsync([second, rollout, reward], Limit);

        var (learned, weights) = await run.ResultAsync();
        output.WriteLine($"max |Δw| vs train --tiny = {NodeRun.MaxAbsDiff(await NodeRun.LocalWeights, weights)}");
        Assert.DoesNotContain("policy v0", resumed, StringComparison.Ordinal);
        NodeRun.AssertEveryEpisodeOnce(learned);
        Assert.Equal(await NodeRun.LocalWeights, weights);
    }

    [Fact]
    public async Task Node_BrokerRestartedMidRun_NodesReconnectAndFinishWithSameWeights()
    {
        using var run = new NodeRun(servers);
        NodeProcess[] nodes =
        [
            run.Start("coordinator,learner", "main"),
            run.Start("rollout", "rollout"),
            run.Start("reward", "reward"),
        ];
        await nodes[0].WaitForLineAsync($"iteration 2/{NodeRun.Iterations}", Limit);
        await servers.StopBrokerAsync();
        await servers.StartBrokerAsync();
        output.WriteLine("broker restarted");
        await run.WaitAllAsync(nodes, Limit);

        var (learned, weights) = await run.ResultAsync();
        output.WriteLine($"max |Δw| vs train --tiny = {NodeRun.MaxAbsDiff(await NodeRun.LocalWeights, weights)}");
        NodeRun.AssertEveryEpisodeOnce(learned);
        Assert.Equal(await NodeRun.LocalWeights, weights);
    }
}
