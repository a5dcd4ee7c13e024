using System.Text.Json.Nodes;
using RaRlhf.Cli.Training;
using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Text;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// The key results of a stage, measured on what the stage stored (the F16 weights with --half), on the same held-out
/// texts and with the same encoding the stage's command used.
/// </summary>
internal static class StageMeasurements
{
    private const int EvalBatch = 16;

    public static JsonObject Tokenizer(string directory)
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(directory);
        return new JsonObject { ["vocab_size"] = tokenizer.VocabSize, ["merges"] = tokenizer.MergeCount };
    }

    /// <summary>Token-weighted validation NLL and perplexity (packed windows for pretraining, one padded example per document for SFT).</summary>
    public static JsonObject LanguageModel(string directory, IReadOnlyList<string> validation, int sequenceLength, bool packed)
    {
        var model = Gpt2Checkpoint.Load(directory);
        var tokenizer = ByteLevelBpeTokenizer.Load(directory);
        var settings = new LmRunSettings(sequenceLength, EvalBatch, 1, 1e-3, 0, 0, 0, packed);
        var corpus = LmRun.Corpus(tokenizer, validation, settings, tokenizer.EosId, "validation");
        var loss = new CausalLmTrainer(model, new CausalLmSettings { BatchSize = EvalBatch, TotalSteps = 1 }).Evaluate(corpus);
        return new JsonObject
        {
            ["validation_loss"] = Math.Round(loss, 4),
            ["validation_perplexity"] = Math.Round(Math.Exp(loss), 2),
            ["validation_documents"] = validation.Count,
            ["validation_examples"] = corpus.Count,
            ["measured_on"] = Storage(directory),
        };
    }

    /// <summary>
    /// Accuracy (arg-max logit = label) on the command's --val-docs subset of the held-out split and on the whole split,
    /// plus the trainer's own figure from reward.json (measured before storage).
    /// </summary>
    public static JsonObject RewardModel(string directory, DataDirectory data, string task, int maxLength, int validationDocuments)
    {
        var model = Gpt2Checkpoint.Load(directory, Gpt2Heads.Score, requireHeads: true);
        var tokenizer = ByteLevelBpeTokenizer.Load(directory);
        var rewardTask = RewardTask.Load(task, data, maxDocs: 1, maxValidationDocs: null);
        var all = RewardRun.Encode(tokenizer, rewardTask.Validation, maxLength);
        var subset = DocumentSample.Take(Enumerable.Range(0, all.Count).ToList(), validationDocuments).ToHashSet();
        var inside = all.Where((_, i) => subset.Contains(i)).ToList();
        var outside = all.Where((_, i) => !subset.Contains(i)).ToList();
        var trainer = new RewardModelTrainer(model, new RewardModelSettings { BatchSize = EvalBatch, MaxLength = maxLength }, rewardTask.ScoreLabel);
        var insideAccuracy = trainer.Accuracy(inside);
        var outsideAccuracy = outside.Count > 0 ? trainer.Accuracy(outside) : 0;
        var result = new JsonObject
        {
            ["validation_accuracy"] = Math.Round(insideAccuracy, 4),
            ["validation_texts"] = inside.Count,
            ["validation_accuracy_full_split"] = Math.Round((insideAccuracy * inside.Count + outsideAccuracy * outside.Count) / all.Count, 4),
            ["validation_texts_full_split"] = all.Count,
            ["score"] = rewardTask.ScoreMeaning,
            ["measured_on"] = Storage(directory),
        };
        var rewardJson = Path.Combine(directory, RewardRun.RewardFile);
        if (File.Exists(rewardJson) && JsonNode.Parse(File.ReadAllText(rewardJson))?["validation_accuracy"] is { } trained)
        {
            result["trainer_validation_accuracy_f32"] = Math.Round(trained.GetValue<double>(), 4);
        }

        return result;
    }

    public static JsonObject Corpus(string directory) => new()
    {
        ["pretrain_documents"] = File.ReadLines(Path.Combine(directory, ToxicityCorpus.PretrainFile)).Count(),
        ["sft_documents"] = File.ReadLines(Path.Combine(directory, ToxicityCorpus.SftFile)).Count(),
    };

    private static string Storage(string directory)
    {
        using var file = SafetensorsFile.Open(Path.Combine(directory, Gpt2Checkpoint.WeightsFile));
        var dtypes = file.Tensors.Values.Select(t => t.Dtype).Distinct().Select(d => d.ToString());
        return $"stored weights ({string.Join("/", dtypes)})";
    }
}
