using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Rl.Risk;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf train --run DIR [--config FILE] [--set k=v]… [--tiny]`: runs the actor pipeline in one process, resuming
/// from DIR's state; metrics go to DIR/metrics/iterations.jsonl, one plain progress line per iteration to stdout.
/// </summary>
internal sealed class TrainCommand : ICliCommand
{
    private const int TinyDefaultIterations = 40;

    public Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run directory (created; resumed when it holds a run).", Required = true };
        var config = new Option<string?>("--config", "-c") { Description = "HOCON file (default: hocon/local.conf)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, key=value (HOCON value). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var tiny = new Option<bool>("--tiny")
        {
            Description = "Random 2-layer 32-dim GPT-2 (vocab 64), random prompts, reward = count of token 5: needs no assets. " +
                          $"Reads run.seed, run.iterations (0 = {TinyDefaultIterations}) and risk.* from the config.",
        };
        var command = new Command("train", "Train with PPO / RA-RLHF through the actor pipeline (resumes automatically).");
        foreach (var option in new Option[] { run, config, set, tiny })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(run)!, parse.GetValue(config), parse.GetValue(set) ?? [],
            parse.GetValue(tiny), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(string runDir, string? configPath, string[] sets, bool tiny, CancellationToken cancellation)
    {
        PipelineOptions options;
        RunSettings settings;
        try
        {
            // run.dir is --run, so ${run.dir} paths (the CLEF log file) land in the run directory.
            string[] overrides = [$"run.dir={JsonSerializer.Serialize(Path.GetFullPath(runDir))}", .. sets];
            settings = RunSettings.Load(ConfigLoader.LoadFile(configPath ?? ConfigTool.DefaultConfigPath(), overrides));
            if (!tiny)
            {
                Console.Error.WriteLine("train: only --tiny runs are wired so far (GPT-2 checkpoint, tokenizer and reward-model loading " +
                                        "into the pipeline are not); add --tiny to run the asset-free pipeline");
                return 2;
            }

            options = TinyOptions(runDir, settings);
        }
        catch (Exception e) when (e is ConfigException or HoconException or ConfigValidationException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"train: {e.Message}");
            return 2;
        }

        var total = options.Iterations;
        using var logging = LoggingSetup.Create(settings.Logging, LogIdentity.Local(options.RunName, "train"));
        options = options with { Logger = logging.Logger, OnIteration = e => Console.WriteLine(ProgressLine(e, total)) };
        try
        {
            await using var pipeline = LocalPipeline.Start(options);
            Console.WriteLine($"run {options.RunName} in {Path.GetFullPath(runDir)}: {total} iterations, metrics in {pipeline.MetricsPath}");
            var progress = await pipeline.RunAsync(cancellation: cancellation);
            Console.WriteLine($"done: {progress.CompletedIterations}/{total} iterations, policy v{progress.Policy.Version} (blob {progress.Policy.BlobId})");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"train: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("train: interrupted; run the same command to resume from the last completed iteration");
            return 130;
        }
    }

    private static PipelineOptions TinyOptions(string runDir, RunSettings settings)
    {
        var iterations = settings.Run.Iterations == 0 ? TinyDefaultIterations : settings.Run.Iterations;
        var seed = unchecked((ulong)settings.Run.Seed);
        var baseline = TinyRun.Options(runDir, iterations, seed);
        var kind = settings.Risk.Schedule switch
        {
            Actors.Configuration.Settings.RiskScheduleKind.Linear => Rl.Risk.RiskScheduleKind.Linear,
            Actors.Configuration.Settings.RiskScheduleKind.Constant => Rl.Risk.RiskScheduleKind.Constant,
            _ => Rl.Risk.RiskScheduleKind.Soft,
        };
        var risk = new RiskSchedule(baseline.Ppo.BatchSize, iterations, (decimal)settings.Risk.Alpha, settings.Risk.Warmup,
            (decimal)settings.Risk.Rho, kind).Validate();
        return baseline with { Risk = risk };
    }

    private static string ProgressLine(IterationCompleted e, int total)
    {
        string Stat(string key) => e.Metrics.TryGetValue(key, out var v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "n/a";
        return $"iteration {e.Iteration + 1}/{total} reward_mean {Stat("env/reward_mean")} kl {Stat("objective/kl")} " +
               $"kl_coef {Stat("objective/kl_coef")} b0 {e.KeepCount} policy v{e.PolicyVersion}";
    }
}
