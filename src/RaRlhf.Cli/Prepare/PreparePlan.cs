using RaRlhf.Cli.Training;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// A recipe's stages in order: [corpus →] tokenizer → base (pretrain) → sft → reward. Every stage is the CLI command a
/// person would type (plus `prepare half` with --half), so the manifest's commands rebuild the assets by hand.
/// </summary>
internal static class PreparePlan
{
    public const string ModelConfigFile = "model-config.json";
    private const string Out = PreparePaths.OutRoot;
    private const string Stage = PreparePaths.Stage;

    public static IReadOnlyList<PrepareStage> Stages(PrepareRecipe recipe, PreparePaths paths, DataDirectory data, bool half)
    {
        var stages = new List<PrepareStage>();
        string[][] Commands(string[] train) => half ? [train, ["prepare", "half", Stage]] : [train];
        static string DataFile(string relative) => PreparePaths.DataRoot + "/" + relative;
        string[] dataArgs = ["--data", PreparePaths.DataRoot];
        string[] tokenizerInputs, pretrainSource, sftSource, pretrainInputs, sftInputs;
        Func<IReadOnlyList<string>> pretrainValidation, sftValidation;
        var p = recipe.Pretrain;
        var s = recipe.Sft;
        if (recipe.Source == PrepareSource.Imdb)
        {
            tokenizerInputs = pretrainInputs = [DataFile(ImdbDataset.TrainFile), DataFile(ImdbDataset.UnsupFile)];
            sftInputs = [DataFile(ImdbDataset.TrainFile)];
            pretrainSource = sftSource = ["--task", "imdb", .. dataArgs];
            pretrainValidation = () => TrainingTexts.ImdbPretraining(data, 1, p.ValidationDocuments).Validation;
            sftValidation = () => TrainingTexts.ImdbPositive(data, 1, s.ValidationDocuments).Validation;
        }
        else
        {
            var corpus = PreparePaths.WorkRoot + "/corpus";
            string pretrainCorpus = corpus + "/" + ToxicityCorpus.PretrainFile, sftCorpus = corpus + "/" + ToxicityCorpus.SftFile;
            var imdbDocs = recipe.ToxicityImdbDocuments ?? throw new PrepareException($"recipe {recipe.Name} needs ToxicityImdbDocuments");
            stages.Add(new PrepareStage("corpus", corpus,
                [["prepare", "corpus", .. dataArgs, "--imdb-docs", imdbDocs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", Stage]],
                [.. DataDirectory.FilesFor(DatasetTask.Imdb).Concat(DataDirectory.FilesFor(DatasetTask.Jigsaw)).Concat(DataDirectory.FilesFor(DatasetTask.Rtp)).Select(DataFile)],
                StageMeasurements.Corpus));
            tokenizerInputs = pretrainInputs = [pretrainCorpus];
            sftInputs = [sftCorpus];
            pretrainSource = ["--corpus", pretrainCorpus];
            sftSource = ["--corpus", sftCorpus];
            // The same held-out documents the commands validate on (every 10th of the corpus file).
            pretrainValidation = () => TrainingTexts.FromFiles([paths.Resolve(pretrainCorpus, "")], null, p.ValidationDocuments).Validation;
            sftValidation = () => TrainingTexts.FromFiles([paths.Resolve(sftCorpus, "")], null, s.ValidationDocuments).Validation;
        }

        var tokenizer = Out + "/tokenizer";
        var config = Out + "/" + ModelConfigFile;
        stages.Add(new PrepareStage("tokenizer", tokenizer,
            [["tokenizer", "train", "--corpus", .. tokenizerInputs, "--vocab-size", recipe.VocabSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", Stage]],
            tokenizerInputs, StageMeasurements.Tokenizer));
        stages.Add(new PrepareStage("base", Out + "/base",
            Commands(["pretrain", .. pretrainSource, "--tokenizer", tokenizer, "--config", config, .. p.Args(), "--out", Stage]),
            [.. pretrainInputs, tokenizer, config],
            dir => StageMeasurements.LanguageModel(dir, pretrainValidation(), p.Seq, packed: true)));
        stages.Add(new PrepareStage("sft", Out + "/sft",
            Commands(["sft", .. sftSource, "--model", Out + "/base", "--tokenizer", tokenizer, .. s.Args(), "--out", Stage]),
            [.. sftInputs, Out + "/base", tokenizer],
            dir => StageMeasurements.LanguageModel(dir, sftValidation(), s.Seq, packed: false)));
        var r = recipe.Reward;
        var rewardData = recipe.RewardTask == "imdb" ? ImdbDataset.TrainFile : JigsawDataset.BinaryFile;
        stages.Add(new PrepareStage("reward", Out + "/reward",
            Commands(["reward-model", "train", "--task", recipe.RewardTask, .. dataArgs, "--model", Out + "/base", "--tokenizer", tokenizer, .. r.Args(), "--out", Stage]),
            [DataFile(rewardData), Out + "/base", tokenizer],
            dir => StageMeasurements.RewardModel(dir, data, recipe.RewardTask, r.Seq, r.ValidationDocuments)));
        return stages;
    }
}
