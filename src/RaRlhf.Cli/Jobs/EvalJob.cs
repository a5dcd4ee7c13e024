using System.Globalization;
using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Pipeline.Evaluation;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Cli.Training;
using RaRlhf.Rl.Evaluation;
using RaRlhf.Rl.Reporting;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// `rarlhf eval` (docs/evaluation.md): loads the model, tokenizer, reward model and prompts, runs the Evaluator role in
/// a local actor system (generation and scoring in batches, progress lines), then writes RUN/eval/&lt;method&gt;.jsonl and
/// merges the method into RUN/metrics.json. Exit codes: 0 done, 2 bad input (message on stderr), 130 cancelled.
/// </summary>
public static class EvalJob
{
    public static async Task<int> RunAsync(EvalRequest request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var output = request.Output;
        try
        {
            var runDirectory = Path.GetFullPath(request.RunDirectory);
            EvaluationLog.FileNameFor(request.Method);
            string[] overrides = [$"run.dir={JsonSerializer.Serialize(runDirectory)}", .. request.Overrides];
            var settings = RunSettings.Load(ConfigLoader.LoadFile(request.ConfigPath ?? ConfigTool.DefaultConfigPath(), overrides));
            var runName = Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory));
            using var logging = LoggingSetup.Create(settings.Logging, LogIdentity.Local(runName, "eval"));

            var model = EvalModelInputs.LoadModel(request.ModelDirectory);
            var tokenizer = TrainingTokenizer.Load(settings.Model.Tokenizer, model.Config.VocabSize, request.ModelDirectory);
            var validation = new Lazy<EvalValidationSet>(() => EvalValidationSet.Load(settings));
            var prompts = EvalPrompts.Load(settings, request, tokenizer, validation, output);
            var prefix = EvalModelInputs.EncodePrefix(request.PromptPrefix, tokenizer);
            var perplexity = EvalPerplexityTexts.Load(settings.Eval, tokenizer, validation);
            EvalModelInputs.RequireFits(model.Config, prefix.Length, settings, perplexity, request.ModelDirectory);
            if (settings.Reward.Use.Length == 0)
            {
                throw new EvalInputException("reward.use is empty; name the scorer under reward.scorers that scores the evaluation");
            }

            string Decode(int[] ids) => tokenizer.Decode(ids);
            var reward = RewardRegistry.Create(settings.Reward.Selected, new RewardContext(Decode, Environment.CurrentDirectory, logging.Logger));

            var pad = model.Config.PadTokenId ?? model.Config.EosTokenId ?? 0;
            var sampling = EvalModelInputs.Sampling(model.Config, settings.Generation, pad);
            var evaluator = new EvaluatorSettings(sampling, prefix) { PadTokenId = pad };
            var plan = new EvaluationPlan(prompts.Prompts, perplexity.Texts, unchecked((ulong)settings.Run.Seed))
            {
                BatchSize = settings.Eval.BatchSize,
                PerplexityBatchSize = settings.Eval.PerplexityBatchSize,
                ProgressEvery = settings.Eval.ProgressEvery,
                AskTimeout = settings.Pipeline.AskTimeout,
            };

            output.WriteLine($"eval {request.Method}: model {Path.GetFullPath(request.ModelDirectory)}, reward {reward.Name}, " +
                             $"{prompts.Prompts.Count} {prompts.Description}, perplexity on {perplexity.Description}" +
                             (prefix.Length > 0 ? $", prompt prefix of {prefix.Length} tokens" : ""));
            var result = await EvaluationRunner.RunLocalAsync(model, reward, Decode, evaluator, plan, logging.Logger,
                p => output.WriteLine($"eval {request.Method}: {p.Format()}"), cancellation);

            var tail = settings.Eval.TailMethod == "threshold"
                ? new TailSpec(TailRewardMethod.Threshold, settings.Eval.TailThreshold)
                : new TailSpec(TailRewardMethod.Quantile, settings.Eval.TailQuantile);
            var summary = EvaluationSummary.Compute(result, tail, prompts.Description);
            var rows = EvalResultsWriter.WriteEpisodes(runDirectory, request.Method, result.Episodes, request.PromptPrefix);
            output.WriteLine($"eval {request.Method}: wrote {rows}");
            var metrics = EvalResultsWriter.MergeMetrics(runDirectory, request.Method, summary.Metrics, summary.TailDefinition,
                $"{settings.Run.Task} evaluation");
            output.WriteLine($"eval {request.Method}: {Describe(summary.Metrics)} → {metrics}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("eval: interrupted; nothing was written for this method (run the command again)");
            return 130;
        }
        catch (Exception e) when (e is EvalInputException or TrainingInputException or ConfigException or HoconException
                                      or ConfigValidationException or DatasetNotFoundException or DatasetFormatException
                                      or SafetensorsFormatException or IOException or InvalidDataException or ArgumentException
                                      or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"eval: {e.Message}");
            return 2;
        }
        catch (InvalidOperationException e)
        {
            // A role failed at run time (e.g. a reward scorer returned the wrong number of scores): say so, write nothing.
            Console.Error.WriteLine($"eval: failed, nothing was written for this method: {e.Message}");
            return 1;
        }
    }

    private static string Describe(MethodMetrics m) => string.Join(", ",
        m.Fields().Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {(double.IsFinite(f.Value) ? f.Value.ToString("G5", CultureInfo.InvariantCulture) : "n/a")}")));
}
