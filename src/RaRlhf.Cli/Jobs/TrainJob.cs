using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Cli.Training;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Text;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// Trains with PPO / RA-RLHF through the local actor pipeline, resuming from the run directory's state, then writes
/// the final policy to <c>RUN/model/</c>. Exit codes: 0 done, 2 bad input (one line on <see cref="TrainRequest.Error"/>
/// naming the file or key and what to do), 130 cancelled (resume with the same request).
/// </summary>
public static class TrainJob
{
    public static async Task<int> RunAsync(TrainRequest request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        RunSettings settings;
        try
        {
            // run.dir is the run directory, so ${run.dir} paths (the CLEF log file) land in it.
            string[] overrides = [$"run.dir={JsonSerializer.Serialize(Path.GetFullPath(request.RunDirectory))}", .. request.Overrides];
            settings = RunSettings.Load(ConfigLoader.LoadFile(request.ConfigPath ?? ConfigTool.DefaultConfigPath(), overrides));
        }
        catch (Exception e) when (IsBadInput(e))
        {
            return Fail(request, e);
        }

        var runName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.RunDirectory)));
        using var logging = LoggingSetup.Create(settings.Logging, LogIdentity.Local(runName, "train"));
        TrainSetup setup;
        try
        {
            setup = request.Tiny ? TrainSetup.Tiny(settings, request.RunDirectory) : TrainSetup.Real(settings, request.RunDirectory, logging.Logger);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            return Fail(request, e);
        }

        var total = setup.Options.Iterations;
        var output = request.Output;
        var options = setup.Options with { Logger = logging.Logger, OnIteration = e => output.WriteLine(TrainProgress.Line(e, total)) };
        try
        {
            await using var pipeline = LocalPipeline.Start(options);
            output.WriteLine($"run {options.RunName} in {Path.GetFullPath(request.RunDirectory)}: {total} iterations of " +
                             $"{options.Ppo.BatchSize} prompts ({options.Prompts.Count} in the set), {setup.Summary}; metrics in {pipeline.MetricsPath}");
            var progress = await pipeline.RunAsync(cancellation: cancellation);
            var policy = options.CreatePolicy();
            PolicyBlob.DecodeInto(await pipeline.Blobs.GetAsync(BlobId.Parse(progress.Policy.BlobId), cancellation), policy);
            var model = TrainModelWriter.Write(request.RunDirectory, policy, setup.Tokenizer, progress.Policy, progress.CompletedIterations);
            output.WriteLine($"done: {progress.CompletedIterations}/{total} iterations, policy v{progress.Policy.Version} " +
                             $"(sha256 {progress.Policy.Sha256[..16]}…) written to {model}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            request.Error.WriteLine("train: interrupted; run the same command to resume from the last completed iteration");
            return 130;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            return Fail(request, e);
        }
    }

    private static int Fail(TrainRequest request, Exception e)
    {
        request.Error.WriteLine($"train: {e.Message}");
        return 2;
    }

    private static bool IsBadInput(Exception e) =>
        e is ConfigException or HoconException or ConfigValidationException or TrainingInputException or ArgumentException
            or IOException or InvalidDataException or UnauthorizedAccessException or DatasetNotFoundException or DatasetFormatException
            or SafetensorsFormatException or TokenizerFormatException or FormatException;
}
