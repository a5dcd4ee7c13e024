using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Text;

namespace RaRlhf.Cli.Training;

/// <summary>Reward model: encode the labelled texts, train with <see cref="RewardModelTrainer"/>, save the model with reward.json.</summary>
internal static class RewardRun
{
    public const string RewardFile = "reward.json";

    public static TrainingProgress Run(Gpt2Model model, ByteLevelBpeTokenizer tokenizer, RewardTask task, RewardRunSettings settings,
        string outDirectory, Action<string> log)
    {
        settings.Validate(model.Config.NPositions);
        var train = Encode(tokenizer, task.Train, settings.MaxLength);
        var validation = Encode(tokenizer, task.Validation, settings.MaxLength);
        if (train.Count < settings.BatchSize || validation.Count == 0)
        {
            throw new TrainingInputException($"task {task.Name} has {train.Count} training and {validation.Count} validation texts; need ≥ --batch {settings.BatchSize} and ≥ 1");
        }

        var labels = model.Layout.NumLabels;
        if (task.Train.Concat(task.Validation).Any(r => r.Label < 0 || r.Label >= labels))
        {
            throw new TrainingInputException($"task {task.Name} has labels outside the score head's {labels} labels");
        }

        var tokensPerStep = (double)train.Sum(r => r.Ids.Length) / train.Count * settings.BatchSize;
        log($"task {task.Name}: train {train.Count}, validation {validation.Count} texts; score = {task.ScoreMeaning}");
        var trainer = new RewardModelTrainer(model, new RewardModelSettings
        {
            LearningRate = settings.LearningRate,
            WarmupSteps = settings.WarmupSteps,
            TotalSteps = settings.Steps,
            BatchSize = settings.BatchSize,
            MaxLength = settings.MaxLength,
            EvalEvery = settings.EvalEvery,
            Seed = settings.Seed,
        }, task.ScoreLabel);
        var last = trainer.Train(train, validation, p => log(ProgressLine.Format(p, tokensPerStep)));
        var reward = new Dictionary<string, object>
        {
            ["task"] = task.Name,
            ["score_label"] = task.ScoreLabel,
            ["sign"] = task.Sign,
            ["score"] = task.ScoreMeaning,
            ["validation_accuracy"] = last.ValidationAccuracy ?? double.NaN,
            ["steps"] = last.Step,
        };
        ModelDirectoryWriter.Write(model, tokenizer, outDirectory, new Dictionary<string, object> { [RewardFile] = reward });
        log($"saved {Path.GetFullPath(outDirectory)} (validation accuracy {last.ValidationAccuracy:F4})");
        return last;
    }

    internal static List<LabeledSequence> Encode(ByteLevelBpeTokenizer tokenizer, IReadOnlyList<(string Text, int Label)> rows, int maxLength)
    {
        var result = new List<LabeledSequence>(rows.Count);
        foreach (var (text, label) in rows)
        {
            var ids = tokenizer.Encode(text);
            if (ids.Length > 0) result.Add(new LabeledSequence(ids.Length > maxLength ? ids[..maxLength] : ids, label));
        }

        return result;
    }
}
