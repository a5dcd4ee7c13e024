using System.Text.RegularExpressions;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// <c>cluster { }</c> (hocon/cluster.conf documents every key) plus the PostgreSQL connection string from
/// <c>persistence.postgres.connection_string</c>. The broker URI and the connection string may hold passwords: they
/// are never logged (<see cref="Transport.RabbitMq.RabbitMqSettings.ToString"/> and the database location omit them).
/// </summary>
public sealed partial record ClusterSettings(
    string Run,
    string Workload,
    string BrokerUri,
    string PostgresConnectionString,
    int Chunks,
    int QueueCapacity,
    int GemmThreads,
    TimeSpan IdleCheck,
    TimeSpan RolloutHold,
    int SnapshotEvery = 10)
{
    /// <summary><c>cluster.workload = tiny</c>: the asset-free run of `train --tiny`.</summary>
    public const string TinyWorkload = "tiny";

    /// <summary><c>cluster.workload = task</c>: the run `train` builds from the config (run.task, model.*, reward.use, ppo.*, …).</summary>
    public const string TaskWorkload = "task";

    /// <summary>Queue prefix and PostgreSQL schema of the run.</summary>
    public ClusterNames Names => new(Run);

    /// <summary>Reads and validates the section; throws <see cref="ConfigValidationException"/> listing every problem.</summary>
    public static ClusterSettings Load(Config config)
    {
        var root = new SettingsReader(config);
        var r = root.Section("cluster");
        var settings = new ClusterSettings(
            r.String("run", s => RunName().IsMatch(s), "must be 1–40 characters of a-z, 0-9 and _ (it names queues and the database schema)"),
            r.Choice("workload", TinyWorkload, TaskWorkload),
            r.String("broker", s => s.StartsWith("amqp://", StringComparison.Ordinal) || s.StartsWith("amqps://", StringComparison.Ordinal),
                "must be an amqp:// or amqps:// URI (or set RARLHF_BROKER)"),
            root.Section("persistence").String("postgres.connection_string", s => s.Length > 0,
                "must be set for a cluster node (or set RARLHF_POSTGRES)"),
            r.Int("chunks", v => v >= 1, "must be ≥ 1 (work items per iteration)"),
            r.Int("queue_capacity", v => v >= 1, "must be ≥ 1"),
            r.Int("gemm_threads", v => v >= 0, "must be ≥ 0 (0 = all cores)"),
            r.Duration("idle_check", v => v > TimeSpan.Zero, "must be > 0"),
            r.Duration("rollout_hold", v => v >= TimeSpan.Zero, "must be ≥ 0"),
            r.Int("snapshot_every", v => v >= 1, "must be ≥ 1 (iterations between learner snapshots)"));
        return root.Errors.Count == 0 ? settings : throw new ConfigValidationException(root.Errors);
    }

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex RunName();
}
