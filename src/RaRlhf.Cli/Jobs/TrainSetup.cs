using System.Globalization;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Tasks;
using RaRlhf.Cli.Training;
using RaRlhf.Text;
using RaRlhf.Text.Datasets;
using Serilog;

namespace RaRlhf.Cli.Jobs;

/// <summary>A run ready to start: the pipeline's options, the tokenizer for the final model directory, and the start line.</summary>
internal sealed record TrainSetup(PipelineOptions Options, ByteLevelBpeTokenizer? Tokenizer, string Summary)
{
    private const int TinyDefaultIterations = 40;
    private const int MaxStalenessLimit = 16;

    /// <summary>
    /// From the merged config: tokenizer, policy (+ value head) and reference from model.*, the task's train prompts
    /// from the data directory, the reward from reward.use via the registry, PPO / risk / sampling from ppo.*, risk.*,
    /// generation.*; run.iterations 0 = one pass (⌊N/B⌋).
    /// </summary>
    public static TrainSetup Real(RunSettings s, string runDirectory, ILogger logger) => Real(s, runDirectory, logger, withPrompts: true);

    /// <summary>
    /// <paramref name="withPrompts"/> false: the same run without the task's prompt set (tokenizing it takes seconds),
    /// for a cluster node that samples no prompts (rollout, reward, learner); run.iterations must then be set.
    /// </summary>
    public static TrainSetup Real(RunSettings s, string runDirectory, ILogger logger, bool withPrompts)
    {
        RequireStaleness(s.Pipeline);
        var seed = unchecked((ulong)s.Run.Seed);
        var assets = TrainAssets.Load(s.Model.Tokenizer, s.Model.Policy, s.Model.Reference, seed);
        assets.RequireContext(s.Generation.PromptTokens, s.Generation.GenLen);
        var tokenizer = assets.Tokenizer;
        var prompts = withPrompts
            ? TaskPrompts.Load(s.Run.Task, RequireDataDirectory(s.Run.DataDir), text => tokenizer.Encode(text), s.Generation.PromptTokens)
            : new TaskPromptSet(s.Run.Task, [], $"{s.Run.Task}: prompts not loaded (this node samples none)");
        var batch = s.Ppo.BatchSize;
        if (!withPrompts && s.Run.Iterations == 0)
        {
            throw new TrainingInputException("run.iterations = 0 (one pass over the prompts) needs the prompt set on every node; set run.iterations > 0 for a cluster run");
        }

        if (withPrompts && prompts.Prompts.Count < batch)
        {
            throw new TrainingInputException($"ppo.batch_size {batch} is larger than the {prompts.Prompts.Count} prompts of task {prompts.Task}; lower it");
        }

        var iterations = s.Run.Iterations == 0 ? prompts.Prompts.Count / batch : s.Run.Iterations;
        Func<int[], string> decode = ids => tokenizer.Decode(ids);
        var reward = RewardRegistry.Create(s.Reward.Selected, new RewardContext(decode, Environment.CurrentDirectory, logger));
        var eos = assets.Policy.Config.EosTokenId ?? tokenizer.EosId;
        var (policy, reference) = (assets.Policy, assets.Reference);
        var options = new PipelineOptions
        {
            RunDirectory = runDirectory,
            RunName = RunName(runDirectory),
            Prompts = prompts.Prompts,
            CreatePolicy = policy.Clone,
            CreateReference = reference.Clone,
            Ppo = TrainSchedule.Ppo(s.Ppo, s.Run.Seed),
            Risk = TrainSchedule.Risk(s.Risk, batch, iterations),
            Sampling = TrainSchedule.Sampling(s.Generation, eos, assets.Policy.Config.PadTokenId),
            Reward = reward,
            Decode = decode,
            Seed = seed,
            RolloutWorkers = s.Pipeline.RolloutWorkers,
            MaxStaleness = s.Pipeline.MaxStaleness,
            RewardScorers = s.Pipeline.RewardScorers,
            AskTimeout = s.Pipeline.AskTimeout,
            Sources = $"task={prompts.Task} {assets.Fingerprint}",
        };
        var c = policy.Config;
        var summary = $"{prompts.Description}; policy {Path.GetFullPath(s.Model.Policy)} ({c.NLayer} layers × {c.NEmbd} dims, " +
                      $"{policy.Parameters.Length.ToString("N0", CultureInfo.InvariantCulture)} parameters, vocab {c.VocabSize}); " +
                      $"reward {s.Reward.Use} = {reward.Name}; B {batch}, mini-batch {s.Ppo.MiniBatchSize}, gen_len {s.Generation.GenLen}, " +
                      $"risk {s.Risk.Schedule.ToString().ToLowerInvariant()} alpha {s.Risk.Alpha.ToString(CultureInfo.InvariantCulture)}";
        return new TrainSetup(options, tokenizer, summary);
    }

    /// <summary>The asset-free run of <see cref="TinyRun"/>; reads run.seed, run.iterations (0 = 40) and risk.*.</summary>
    public static TrainSetup Tiny(RunSettings s, string runDirectory)
    {
        RequireStaleness(s.Pipeline);
        var iterations = s.Run.Iterations == 0 ? TinyDefaultIterations : s.Run.Iterations;
        var baseline = TinyRun.Options(runDirectory, iterations, unchecked((ulong)s.Run.Seed));
        var options = baseline with
        {
            Risk = TrainSchedule.Risk(s.Risk, baseline.Ppo.BatchSize, iterations),
            RolloutWorkers = s.Pipeline.RolloutWorkers,
            MaxStaleness = s.Pipeline.MaxStaleness,
            RewardScorers = s.Pipeline.RewardScorers,
            AskTimeout = s.Pipeline.AskTimeout,
        };
        return new TrainSetup(options, null, $"tiny: random {TinyRun.Config.NLayer}-layer GPT-2, {TinyRun.PromptCount} random prompts, reward = count of token {TinyRun.TargetToken}");
    }

    /// <summary>pipeline.max_staleness: 0 = synchronous; s &gt; 0 keeps s + 1 iterations in flight, bounded here.</summary>
    private static void RequireStaleness(PipelineSection p)
    {
        if (p.MaxStaleness > MaxStalenessLimit)
        {
            throw new TrainingInputException(
                $"pipeline.max_staleness = {p.MaxStaleness}: at most {MaxStalenessLimit} (each in-flight iteration holds a batch of rollouts and its policy blob is kept); 0 = synchronous (paper-exact)");
        }
    }

    private static DataDirectory RequireDataDirectory(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            throw new DatasetNotFoundException(
                $"config key 'run.data_dir' = {Path.GetFullPath(dataDir)}: no such directory; put the data folder there (see ../shared/data/README.md), set RARLHF_DATA=DIR or --set run.data_dir=DIR");
        }

        return DataDirectory.Resolve(dataDir);
    }

    private static string RunName(string runDirectory) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory)));
}
