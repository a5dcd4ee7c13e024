using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Tests.Pipeline;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// The cluster roles' logic without servers (in-process transport, in-memory stores) against the local pipeline:
/// the same seed must give the same float32 weights (tolerance 0), and the learner journal must hold every episode
/// id of every iteration exactly once. The same roles over RabbitMQ/PostgreSQL in separate processes:
/// tests/RaRlhf.Cli.Tests/NodeClusterTests.
/// </summary>
public sealed class ClusterRolesTests(ITestOutputHelper output)
{
    private const int Iterations = 5;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    public async Task RunAsync_ChunkedAcrossRolloutNodes_SameWeightsAsLocalPipeline(int chunks, int rolloutNodes)
    {
        using var dir = new TempRunDirectory();
        var expected = await LocalWeightsAsync(Path.Combine(dir.Path, "local"));
        var workload = TinyRun.Options(Path.Combine(dir.Path, "cluster"), Iterations, seed: 3, alpha: 0.5m);
        await using var cluster = new InProcessCluster(dir.Path, workload, chunks);

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var nodes = new List<Task> { ClusterNode.RunAsync(cluster.Node("main"), ClusterRole.Coordinator | ClusterRole.Learner, limit.Token) };
        nodes.AddRange(Enumerable.Range(0, rolloutNodes).Select(i => ClusterNode.RunAsync(cluster.Node($"rollout-{i}"), ClusterRole.Rollout, limit.Token)));
        nodes.Add(ClusterNode.RunAsync(cluster.Node("reward"), ClusterRole.Reward, limit.Token));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(nodes);
        output.WriteLine($"cluster run {watch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(cluster.Output.ToString());

        var learned = (await cluster.Journal.ReadAsync(ClusterNames.LearnerId, 1)).Select(e => (IterationLearned)e.Event).ToList();
        var final = workload.CreatePolicy();
        PolicyBlob.DecodeInto(await cluster.Blobs.GetAsync(BlobId.Parse(learned[^1].Policy.BlobId)), final);
        var actual = final.Parameters;
        output.WriteLine($"{chunks} chunks on {rolloutNodes} rollout nodes: max |Δw| vs local = {MaxAbsDiff(expected, actual)}");
        Assert.Equal(expected, actual);
        AssertEveryEpisodeOnce(learned, workload.Ppo.BatchSize);
        Assert.Equal(Iterations, (await cluster.Journal.ReadAsync(ClusterNames.CoordinatorId, 1)).Count);
    }

    internal static void AssertEveryEpisodeOnce(IReadOnlyList<IterationLearned> learned, int batchSize)
    {
        Assert.Equal(Enumerable.Range(0, learned.Count), learned.Select(l => l.Iteration));
        var ids = learned.SelectMany(l => l.Chunks.SelectMany(c => c.EpisodeIds)).ToList();
        var expected = learned.SelectMany(l => Enumerable.Range(0, batchSize).Select(row => $"{l.Iteration}:{row}"));
        Assert.Equal(expected, ids);
    }

    private static async Task<float[]> LocalWeightsAsync(string runDirectory)
    {
        await using var local = LocalPipeline.Start(TinyRun.Options(runDirectory, Iterations, seed: 3, alpha: 0.5m));
        var progress = await local.RunAsync();
        return await local.LoadPolicyAsync(progress.Policy);
    }

    private static float MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
}
