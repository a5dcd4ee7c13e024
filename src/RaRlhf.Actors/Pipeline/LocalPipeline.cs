using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// All roles as actors in one process, persisted with SQLite in the run directory (locked against a second process).
/// Construct on an existing run directory to resume: every role recovers its own state.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly RunDirectoryLock _lock;
    private readonly SqlitePersistence _store;
    private readonly ActorSystem _system;
    private readonly ActorRef _coordinator;

    private LocalPipeline(PipelineOptions options)
    {
        Options = options;
        Directory.CreateDirectory(options.RunDirectory);
        _lock = RunDirectoryLock.Acquire(options.RunDirectory);
        try
        {
            RunManifest.WriteOrVerify(options.RunDirectory, RunManifest.Of(options, options.CreatePolicy().Parameters.Length));
            _store = SqlitePersistence.Open(options.RunDirectory, PipelinePayloads.Serializer());
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        _system = new ActorSystem(options.RunName, options.Logger);
        var mailbox = new ActorOptions { MailboxCapacity = options.MailboxCapacity };
        var (journal, snapshots, blobs) = (_store.Journal, _store.Snapshots, _store.Blobs);
        var workers = Enumerable.Range(0, options.RolloutWorkers)
            .Select(i => _system.Spawn($"rollout-{i}", () => new RolloutWorker(blobs, options.CreatePolicy, options.Sampling, options.Seed), mailbox))
            .ToArray();
        var filter = _system.Spawn("cvar-filter", () => new CvarFilterRole(), mailbox);
        var roles = new PipelineRoles(
            _system.Spawn("prompt-sampler", () => new PromptSampler(journal, snapshots, options.Prompts, options.Seed), mailbox),
            _system.Spawn("risk-scheduler", () => new RiskScheduler(journal, snapshots, options.Risk), mailbox),
            workers[0],
            Enumerable.Range(0, options.RewardScorers)
                .Select(i => _system.Spawn($"reward-{i}", () => new RewardScorer(options.Reward, options.Decode), mailbox)).ToArray(),
            _system.Spawn("learner", () => new PpoLearner(snapshots, blobs, CreateTrainer, filter, options.MaxStaleness), mailbox)) { Workers = workers };
        var log = new IterationLog(options.RunDirectory, options.RunName);
        _coordinator = _system.Spawn("coordinator", () => new Coordinator(journal, snapshots, roles,
            options.Ppo.BatchSize, log, options.AskTimeout, options.OnIteration, options.MaxStaleness, options.WithholdAnnouncement), mailbox);
        MetricsPath = log.Path;
    }

    public PipelineOptions Options { get; }

    /// <summary>RUN/metrics/iterations.jsonl.</summary>
    public string MetricsPath { get; }

    /// <summary>The run's blob store (policy weights by SHA-256).</summary>
    public IBlobStore Blobs => _store.Blobs;

    /// <summary>Opens (or resumes) the run in <see cref="PipelineOptions.RunDirectory"/>.</summary>
    public static LocalPipeline Start(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RewardScorers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RolloutWorkers);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxStaleness);
        return new LocalPipeline(options);
    }

    /// <summary>Runs until <paramref name="until"/> iterations are complete (default: the whole run).</summary>
    public Task<RunProgress> RunAsync(int? until = null, CancellationToken cancellation = default) =>
        _coordinator.AskAsync<RunProgress>(new RunIterations(Math.Min(until ?? Options.Iterations, Options.Iterations)),
            Timeout.InfiniteTimeSpan, cancellation);

    /// <summary>The weights of a published policy version, read back from the blob store (verified).</summary>
    public async Task<float[]> LoadPolicyAsync(PolicyPublished policy, CancellationToken cancellation = default)
    {
        var model = Options.CreatePolicy();
        PolicyBlob.DecodeInto(await _store.Blobs.GetAsync(BlobId.Parse(policy.BlobId), cancellation), model);
        return model.Parameters;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // HandBack: an interrupted run (Ctrl+C) must not finish its loop first; every role is crash-safe, so an
            // iteration cut short is simply redone on resume.
            await _system.ShutdownAsync(ShutdownMode.HandBack, TimeSpan.FromSeconds(5));
            await _system.DisposeAsync();
        }
        finally
        {
            await _store.DisposeAsync();
            _lock.Dispose();
        }
    }

    private PpoTrainer CreateTrainer()
    {
        Gpt2Model policy = Options.CreatePolicy(), reference = Options.CreateReference();
        return new PpoTrainer(policy, reference, Options.Ppo);
    }
}
