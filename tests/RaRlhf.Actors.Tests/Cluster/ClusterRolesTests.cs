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

    [Theory]
    [InlineData(2)] // snapshot at v2 (and v4 if the first learner got there), the steps after it replayed
    [InlineData(10)] // no snapshot before the end: every step replayed from the journal
    public async Task RunAsync_LearnerStoppedMidRun_NewLearnerReplaysJournalSameWeights(int snapshotEvery)
    {
        using var dir = new TempRunDirectory();
        var expected = await LocalWeightsAsync(Path.Combine(dir.Path, "local"));
        using var stopFirst = new CancellationTokenSource();
        var workload = TinyRun.Options(Path.Combine(dir.Path, "cluster"), Iterations, seed: 3, alpha: 0.5m);
        var first = workload with { OnIteration = e => { if (e.Iteration == 2) stopFirst.Cancel(); } };
        await using var cluster = new InProcessCluster(dir.Path, workload, chunks: 2, snapshotEvery);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var helpers = new[] { ClusterNode.RunAsync(cluster.Node("rollout"), ClusterRole.Rollout, limit.Token),
            ClusterNode.RunAsync(cluster.Node("reward"), ClusterRole.Reward, limit.Token) };
        using (var both = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, stopFirst.Token))
        {
            var main = cluster.Node("main-1") with { Workload = first };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClusterNode.RunAsync(main, ClusterRole.Coordinator | ClusterRole.Learner, both.Token));
        }

        var stoppedAt = await cluster.Journal.ReadHighestSequenceNrAsync(ClusterNames.LearnerId);
        await ClusterNode.RunAsync(cluster.Node("main-2"), ClusterRole.Coordinator | ClusterRole.Learner, limit.Token);
        await Task.WhenAll(helpers);

        var resumed = cluster.Output.ToString().Split('\n').Single(l => l.StartsWith("main-2: learner at policy", StringComparison.Ordinal));
        output.WriteLine($"first learner journaled {stoppedAt} iterations; {resumed}");
        var learned = (await cluster.Journal.ReadAsync(ClusterNames.LearnerId, 1)).Select(e => (IterationLearned)e.Event).ToList();
        var final = workload.CreatePolicy();
        PolicyBlob.DecodeInto(await cluster.Blobs.GetAsync(BlobId.Parse(learned[^1].Policy.BlobId)), final);
        var actual = final.Parameters;
        output.WriteLine($"max |Δw| vs local = {MaxAbsDiff(expected, actual)}");
        Assert.True(stoppedAt >= 3, $"the first learner journaled only {stoppedAt} iterations");
        Assert.Contains("steps replayed from the journal", resumed, StringComparison.Ordinal);
        Assert.DoesNotContain("(snapshot 0, 0 steps", resumed, StringComparison.Ordinal);
        Assert.Equal(expected, actual);
        AssertEveryEpisodeOnce(learned, workload.Ppo.BatchSize);
    }

    [Fact]
    public async Task ReplayAsync_JournalRecordsOtherWeights_ThrowsNamingIteration()
    {
        using var dir = new TempRunDirectory();
        var workload = TinyRun.Options(Path.Combine(dir.Path, "cluster"), Iterations, seed: 3, alpha: 0.5m);
        await using var cluster = new InProcessCluster(dir.Path, workload, chunks: 1);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Task.WhenAll(ClusterNode.RunAsync(cluster.Node("main"), ClusterRole.All, limit.Token));

        // The same journal replayed by a learner whose PPO settings differ (learning rate ×2) must not be accepted.
        var other = cluster.Node("other") with { Workload = workload with { Ppo = workload.Ppo with { LearningRate = workload.Ppo.LearningRate * 2 } } };
        var trainer = ClusterWorkload.CreateTrainer(other.Workload);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LearnerReplay.ReplayAsync(other, trainer, Iterations, limit.Token));
        output.WriteLine(error.Message);
        Assert.Contains("replaying iteration 0", error.Message, StringComparison.Ordinal);

        // …while a learner with the run's settings reproduces every recorded policy.
        var same = ClusterWorkload.CreateTrainer(workload);
        var last = await LearnerReplay.ReplayAsync(cluster.Node("same"), same, Iterations, limit.Token);
        Assert.Equal(Iterations - 1, last?.Iteration);
        Assert.Equal(Iterations, same.StepCount);
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
