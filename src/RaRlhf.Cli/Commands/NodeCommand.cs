using System.CommandLine;
using System.Text.Json;
using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Transport.RabbitMq;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf node --roles rollout,reward,learner,coordinator|all [--config hocon/cluster.conf] [--set k=v]… [--run NAME]`:
/// hosts cluster roles in this process, talking through RabbitMQ and persisting to PostgreSQL (docs/cluster.md).
/// `rarlhf node bench`: the scaling benchmark (docs/benchmarks.md).
/// </summary>
internal sealed class NodeCommand : ICliCommand
{
    public Command Create()
    {
        var roles = new Option<string>("--roles") { Description = "rollout, reward, learner, coordinator (comma-separated) or all.", Required = true };
        var config = new Option<string?>("--config", "-c") { Description = "HOCON file (default: hocon/cluster.conf)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, key=value (HOCON value). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var run = new Option<string?>("--run") { Description = "Cluster run name (sets cluster.run: queue names, database schema, runs/NAME)." };
        var node = new Option<string?>("--node") { Description = "This node's name in logs and the learner journal (default: host-pid)." };
        var command = new Command("node", "Host cluster roles of a run (RabbitMQ transport, PostgreSQL store); exits when the run is complete.");
        foreach (var option in new Option[] { roles, config, set, run, node })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(roles)!, parse.GetValue(config), parse.GetValue(set) ?? [],
            parse.GetValue(run), parse.GetValue(node), cancellation));
        command.Subcommands.Add(CreateBench());
        return command;
    }

    private static Command CreateBench()
    {
        var config = new Option<string?>("--config", "-c") { Description = "HOCON file (default: hocon/cluster.conf)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, key=value. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var iterations = new Option<int>("--iterations") { Description = "Iterations of the overhead runs.", DefaultValueFactory = _ => 20 };
        var items = new Option<int>("--items") { Description = "Work items of the rollout throughput runs.", DefaultValueFactory = _ => 200 };
        var rolloutsOnly = new Option<bool>("--rollouts-only") { Description = "Only the rollout throughput (skip the overhead runs)." };
        var command = new Command("bench", "Rollouts/s with 1 and 2 rollout nodes, and pipeline overhead local vs clustered (cluster.workload, 1 GEMM thread per process).");
        foreach (var option in new Option[] { config, set, iterations, items, rolloutsOnly })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) => BenchAsync(parse.GetValue(config) ?? DefaultConfigPath(), parse.GetValue(set) ?? [],
            parse.GetValue(iterations), parse.GetValue(items), parse.GetValue(rolloutsOnly), cancellation));
        return command;
    }

    private static async Task<int> BenchAsync(string configPath, string[] sets, int iterations, int items, bool rolloutsOnly, CancellationToken ct)
    {
        if (iterations < 3 || items < 2)
        {
            Console.Error.WriteLine("node bench: need --iterations ≥ 3 and --items ≥ 2");
            return 2;
        }

        var run = $"bench_{Guid.NewGuid():N}"[..18];
        // The benchmark's runs (metrics, final models) go to a temp directory that is removed at the end.
        var runDir = Directory.CreateTempSubdirectory("rarlhf-node-bench-").FullName;
        try
        {
            return await BenchAsync(configPath, sets, iterations, items, rolloutsOnly, run, runDir, ct);
        }
        finally
        {
            Directory.Delete(runDir, recursive: true);
        }
    }

    private static async Task<int> BenchAsync(string configPath, string[] sets, int iterations, int items, bool rolloutsOnly, string run, string runDir,
        CancellationToken ct)
    {
        if (!rolloutsOnly && iterations < ClusterBenchmark.WarmUpIterations + 2)
        {
            Console.Error.WriteLine($"node bench: --iterations {iterations} is too few: the first {ClusterBenchmark.WarmUpIterations} are warm-up; give at least {ClusterBenchmark.WarmUpIterations + 2}");
            return 2;
        }

        if (items < 5)
        {
            Console.Error.WriteLine($"node bench: --items {items} is too few: each node's first item is warm-up; give at least 5");
            return 2;
        }

        var runDirSetting = $"run.dir={JsonSerializer.Serialize(runDir)}";
        string[] nodeArgs = ["--config", Path.GetFullPath(configPath), "--run", run, .. sets.SelectMany(s => new[] { "--set", s }),
            "--set", $"run.iterations={iterations}", "--set", "cluster.gemm_threads=1", "--set", "cluster.idle_check=100ms", "--set", runDirSetting];
        RunSettings settings;
        ClusterSettings cluster;
        try
        {
            var loaded = ConfigLoader.LoadFile(configPath, [.. sets, $"run.iterations={iterations}", $"cluster.run={run}", "logging.file.enabled=off", runDirSetting]);
            (settings, cluster) = (RunSettings.Load(loaded), ClusterSettings.Load(loaded));
        }
        catch (Exception e) when (e is ConfigException or HoconException or ConfigValidationException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"node bench: {e.Message}");
            return 2;
        }

        Gemm.Threads = 1;
        Actors.Pipeline.PipelineOptions workload;
        try
        {
            workload = NodeWorkload.Build(settings, cluster, needsPrompts: true, Serilog.Core.Logger.None).Options;
        }
        catch (Exception e) when (NodeWorkload.IsBadInput(e))
        {
            Console.Error.WriteLine($"node bench: {e.Message}");
            return 2;
        }

        Console.WriteLine($"workload {cluster.Workload}: B {workload.Ppo.BatchSize} in {cluster.Chunks} chunks, gen_len {workload.Sampling.MaxNewTokens}");
        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        await using var transport = await RabbitMqTransport.ConnectAsync(RabbitMqSettings.FromUri(cluster.BrokerUri), cancellation: ct);
        var env = new Dictionary<string, string>();
        double work = 0, chunkedWork = 0, local = 0, localOverhead = 0, clustered = 0, clusterOverhead = 0;
        if (!rolloutsOnly)
        {
            Console.WriteLine($"pure work loop, {iterations} iterations, whole batch and in {cluster.Chunks} chunks…");
            work = await ClusterBenchmark.WorkSecondsPerIterationAsync(workload, 1, ct);
            chunkedWork = await ClusterBenchmark.WorkSecondsPerIterationAsync(workload, cluster.Chunks, ct);
            Console.WriteLine("local pipeline…");
            var temp = Directory.CreateTempSubdirectory("rarlhf-bench-").FullName;
            try
            {
                (local, localOverhead) = await ClusterBenchmark.LocalSecondsPerIterationAsync(workload, temp, ct);
            }
            finally
            {
                Directory.Delete(temp, recursive: true);
            }

            Console.WriteLine($"cluster run {run} (coordinator+learner, rollout, reward nodes)…");
            (clustered, clusterOverhead) = await new ClusterBenchmark(await ContextAsync(transport, cluster, workload, run), nodeArgs, env).ClusterSecondsPerIterationAsync(ct);
        }

        var rates = new List<RolloutRate>();
        foreach (var nodes in new[] { 1, 2 })
        {
            var name = $"{run}_r{nodes}";
            Console.WriteLine($"rollout throughput, {nodes} node(s), {items} work items…");
            var named = cluster with { Run = name };
            string[] args = [.. nodeArgs.Select(a => a == run ? name : a)];
            rates.Add(await new ClusterBenchmark(await ContextAsync(transport, named, workload, name), args, env).RolloutsPerSecondAsync(nodes, items, ct));
        }

        if (!rolloutsOnly)
        {
            Console.WriteLine($"pure work (sample + score + PPO step): {work * 1000:F1} ms/iteration whole batch, {chunkedWork * 1000:F1} in {cluster.Chunks} chunks");
            // The reference is the faster of the two plain loops: the overhead is then an upper bound (the work cannot be
            // done faster than its fastest plain loop did it).
            var fastest = Math.Min(work, chunkedWork);
            Console.WriteLine($"local pipeline:     {local * 1000:F1} ms/iteration, overhead {100 * (1 - fastest / local):F1} % vs the faster pure loop " +
                              $"({100 * (1 - work / local):F1} % vs whole-batch work)");
            Console.WriteLine($"cluster (1+1+1):    {clustered * 1000:F1} ms/iteration, overhead {100 * (1 - fastest / clustered):F1} % vs the faster pure loop " +
                              $"({100 * (1 - chunkedWork / clustered):F1} % vs chunked work), {100 * (clustered / local - 1):F1} % slower than local");
            Console.WriteLine($"overhead inside the run (the run's own generate/score/step timings): local {100 * localOverhead:F1} %, " +
                              $"cluster {100 * clusterOverhead:F1} % (critical path with 1 rollout and 1 reward node)");
        }

        Console.WriteLine($"rollouts/s, {workload.Ppo.BatchSize / cluster.Chunks} episodes per work item: 1 node {rates[0].EpisodesPerSecond:F0}, " +
                          $"2 nodes {rates[1].EpisodesPerSecond:F0} ({rates[1].EpisodesPerSecond / rates[0].EpisodesPerSecond:F2}×)");
        // Where the scaling goes: the nodes' own generation time per item. Slower generation with two nodes is the two
        // processes contending for the cores and memory (no messaging in it); the rest of the gap is messaging.
        Console.WriteLine($"generation per work item (nodes' own timing, first item of each node left out): 1 node {rates[0].MeanGenerateMs:F0} ms, " +
                          $"2 nodes {rates[1].MeanGenerateMs:F0} ms → generation alone scales {2 * rates[0].MeanGenerateMs / rates[1].MeanGenerateMs:F2}×; " +
                          $"messaging keeps {rates[0].EpisodesPerSecond / rates[0].GenerateOnlyPerNode:P0} (1 node) and " +
                          $"{rates[1].EpisodesPerSecond / (2 * rates[1].GenerateOnlyPerNode):P0} (2 nodes) of generation-only throughput");
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<ClusterContext> ContextAsync(RabbitMqTransport transport, ClusterSettings cluster, Actors.Pipeline.PipelineOptions workload, string run)
    {
        var store = await PostgresPersistence.OpenAsync(cluster.PostgresConnectionString, ClusterPayloads.Serializer(), new ClusterNames(run).Schema);
        return new ClusterContext(transport, store.Journal, store.Snapshots, store.Blobs, workload, cluster, "bench", Serilog.Core.Logger.None, Console.Out);
    }

    /// <summary>hocon/cluster.conf beside the default hocon/local.conf.</summary>
    public static string DefaultConfigPath() => Path.Combine(Path.GetDirectoryName(ConfigTool.DefaultConfigPath()) ?? "hocon", "cluster.conf");

    private static async Task<int> RunAsync(string roleList, string? configPath, string[] sets, string? runName, string? nodeName,
        CancellationToken cancellation)
    {
        ClusterRole roles;
        RunSettings settings;
        ClusterSettings cluster;
        try
        {
            roles = ClusterRoles.Parse(roleList);
            string[] overrides = runName is null ? sets : [$"cluster.run={JsonSerializer.Serialize(runName)}", .. sets];
            var loaded = ConfigLoader.LoadFile(configPath ?? DefaultConfigPath(), overrides);
            settings = RunSettings.Load(loaded);
            cluster = ClusterSettings.Load(loaded);
        }
        catch (Exception e) when (e is ConfigException or HoconException or ConfigValidationException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"node: {e.Message}");
            return 2;
        }

        var name = nodeName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        if (cluster.GemmThreads > 0) Gemm.Threads = cluster.GemmThreads;
        using var logging = LoggingSetup.Create(settings.Logging, new LogIdentity(cluster.Run, roleList, name));
        var logger = logging.Logger;
        NodeWorkload workload;
        try
        {
            workload = NodeWorkload.Build(settings, cluster, roles.HasFlag(ClusterRole.Coordinator), logger);
        }
        catch (Exception e) when (NodeWorkload.IsBadInput(e))
        {
            Console.Error.WriteLine($"node: {e.Message}");
            return 2;
        }

        RabbitMqSettings broker;
        try
        {
            broker = RabbitMqSettings.FromUri(cluster.BrokerUri);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"node: cluster.broker: {e.Message}");
            return 2;
        }

        try
        {
            await using var transport = await RabbitMqTransport.ConnectAsync(broker, logger, cancellation);
            await using var store = await PostgresPersistence.OpenAsync(cluster.PostgresConnectionString, ClusterPayloads.Serializer(),
                cluster.Names.Schema, cancellation: cancellation);
            var options = workload.Options;
            Console.WriteLine($"node {name}: roles {roles} of run {cluster.Run} ({options.Iterations} iterations of {options.Ppo.BatchSize} prompts, " +
                              $"{cluster.Chunks} chunks), {workload.Summary}; broker {broker}, store {store.Database.Location}");
            var cx = new ClusterContext(transport, store.Journal, store.Snapshots, store.Blobs, options, cluster, name, logger, Console.Out);
            if (await ClusterNode.RunAsync(cx, roles, cancellation) is { } final)
            {
                var model = await NodeModelWriter.WriteAsync(cx, final, workload.Tokenizer, cancellation);
                Console.WriteLine($"node {name}: final policy v{final.Version} (sha256 {final.Sha256[..16]}…) written to {model}");
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("node: interrupted; unacknowledged work returns to the queues, run the same command to rejoin");
            return 130;
        }
        catch (Exception e)
        {
            logger.Fatal(e, "Node {Node} failed", name);
            Console.Error.WriteLine($"node: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
