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
        return command;
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
        var workload = ClusterWorkload.Tiny(settings);
        if (cluster.GemmThreads > 0) Gemm.Threads = cluster.GemmThreads;
        using var logging = LoggingSetup.Create(settings.Logging, new LogIdentity(cluster.Run, roleList, name));
        var logger = logging.Logger;
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
            Console.WriteLine($"node {name}: roles {roles} of run {cluster.Run} ({workload.Iterations} iterations, {cluster.Chunks} chunks), " +
                              $"broker {broker}, store {store.Database.Location}");
            var cx = new ClusterContext(transport, store.Journal, store.Snapshots, store.Blobs, workload, cluster, name, logger, Console.Out);
            await ClusterNode.RunAsync(cx, roles, cancellation);
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
