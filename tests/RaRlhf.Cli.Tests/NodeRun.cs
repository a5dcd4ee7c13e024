using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Persistence.Sqlite;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// One cluster run of the node tests: a unique run name (its own queues and schema), a temp working directory, the
/// shared settings (tiny workload, <see cref="Iterations"/> iterations, α = 0.5 so the CVaR filter is exercised), and
/// the matching local `train --tiny` run to compare with.
/// </summary>
/// <param name="config">The node config under hocon/; <paramref name="shared"/> replaces the tiny settings of every node.</param>
internal sealed class NodeRun(NodeServers servers, string config = "cluster.conf", string[]? shared = null) : IDisposable
{
    public const int Iterations = 6;
    public const int BatchSize = 16;

    private static readonly string[] Shared = ["--set", $"run.iterations={Iterations}", "--set", "risk.alpha=0.5", "--set", "risk.warmup=1"];
    private static readonly Lazy<Task<float[]>> Local = new(LocalWeightsAsync);
    private readonly List<NodeProcess> _nodes = [];

    public string Name { get; } = $"t{Guid.NewGuid():N}"[..12];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("rarlhf-node-").FullName;

    /// <summary>Final weights of `train --tiny` with the same settings (run once per test process).</summary>
    public static Task<float[]> LocalWeights => Local.Value;

    /// <summary>Starts `rarlhf node --roles ROLES` for this run.</summary>
    public NodeProcess Start(string roles, string node, params string[] sets)
    {
        string[] args = ["--roles", roles, "--config", Path.Combine(TestData.RepoRoot, "hocon", config), "--run", Name, "--node", node,
            "--set", "cluster.idle_check=200ms", .. shared ?? Shared, .. sets];
        var process = new NodeProcess(Directory, servers, args);
        _nodes.Add(process);
        return process;
    }

    /// <summary>Waits until every node started and not killed exits with 0.</summary>
    public async Task WaitAllAsync(IEnumerable<NodeProcess> nodes, TimeSpan timeout)
    {
        foreach (var node in nodes)
        {
            var code = await node.WaitForExitAsync(timeout);
            Assert.True(code == 0, $"node '{node.Name}' exited with {code}:\n{node.Describe()}");
        }
    }

    /// <summary>The learner journal (one event per learned iteration) and the final weights, read from PostgreSQL.</summary>
    /// <param name="createPolicy">A model of the run's shape to decode the final blob into (default: the tiny policy).</param>
    public async Task<(IReadOnlyList<IterationLearned> Learned, float[] Weights)> ResultAsync(int iterations = Iterations, Func<Models.Gpt2Model>? createPolicy = null)
    {
        await using var store = await PostgresPersistence.OpenAsync(servers.PostgresConnectionString + ";Pooling=false",
            ClusterPayloads.Serializer(), new ClusterNames(Name).Schema);
        var learned = (await store.Journal.ReadAsync(ClusterNames.LearnerId, 1)).Select(e => (IterationLearned)e.Event).ToList();
        var coordinator = await store.Journal.ReadAsync(ClusterNames.CoordinatorId, 1);
        Assert.Equal(Enumerable.Range(0, iterations), coordinator.Select(e => ((Actors.Pipeline.Messages.IterationCompleted)e.Event).Iteration));
        var bytes = await store.Blobs.GetAsync(BlobId.Parse(learned[^1].Policy.BlobId));
        var final = createPolicy?.Invoke() ?? TinyRun.Policy(0);
        PolicyBlob.DecodeInto(bytes, final);
        return (learned, final.Parameters);
    }

    /// <summary>Every iteration learned once, in order, and its episodes "m:0" … "m:B−1" each exactly once.</summary>
    public static void AssertEveryEpisodeOnce(IReadOnlyList<IterationLearned> learned, int iterations = Iterations, int batchSize = BatchSize)
    {
        Assert.Equal(Enumerable.Range(0, iterations), learned.Select(l => l.Iteration));
        var ids = learned.SelectMany(l => l.Chunks.OrderBy(c => c.Chunk).SelectMany(c => c.EpisodeIds)).ToList();
        Assert.Equal(learned.SelectMany(l => Enumerable.Range(0, batchSize).Select(row => $"{l.Iteration}:{row}")), ids);
    }

    public static float MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static Task<float[]> LocalWeightsAsync() => TrainWeightsAsync(["--tiny", .. Shared], Iterations);

    /// <summary>Final weights (the learner snapshot) of a `train ARGS` child run in a temp run directory.</summary>
    public static async Task<float[]> TrainWeightsAsync(string[] args, int iterations)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("rarlhf-node-local-").FullName;
        try
        {
            var (code, stdout, stderr) = await Task.Run(() => CliRunner.Run(["train", "--run", dir, .. args]));
            Assert.True(code == 0, $"train {string.Join(' ', args)} failed ({code}):\n{stdout}\n{stderr}");
            await using var store = SqlitePersistence.Open(dir, PipelinePayloads.Serializer());
            var snapshot = await store.Snapshots.LoadLatestAsync("ppo-learner") ?? throw new InvalidOperationException("train left no learner snapshot");
            Assert.Equal(iterations, snapshot.Metadata.SequenceNr);
            return LearnerSnapshot.Decode((byte[])snapshot.Snapshot, "local").State.Weights;
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }
}
