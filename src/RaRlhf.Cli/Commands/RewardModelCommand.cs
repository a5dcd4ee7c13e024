using System.CommandLine;
using RaRlhf.Cli.Training;
using RaRlhf.Models;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf reward-model train --model DIR --out DIR --task imdb|jigsaw [...]`: a GPT-2 sequence classifier (2-label
/// score head) trained with RewardModelTrainer; writes the model dir plus reward.json (task, score label, sign, accuracy).
/// </summary>
internal sealed class RewardModelCommand : ICliCommand
{
    public Command Create()
    {
        var common = new TrainingOptions(defaultLr: 5e-5);
        var model = new Option<string>("--model") { Description = "Model directory to start from (a score head is added when absent)", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "Tokenizer directory (default: --model)" };
        var task = new Option<string>("--task") { Description = "imdb (score = positive logit) or jigsaw (score = toxic logit, reward = −score)", Required = true };
        var train = new Command("train", "Train a reward model (GPT-2 + 2-label score head) on IMDB sentiment or Jigsaw toxicity.");
        common.AddTo(train);
        foreach (var o in new Option[] { model, tokenizer, task }) train.Options.Add(o);
        train.SetAction(parse => TrainingOptions.Guard("reward-model train", () =>
        {
            var dir = TrainingOptions.RequireModelDirectory(parse.GetValue(model)!);
            var seed = parse.GetValue(common.Seed);
            var gpt = Gpt2Checkpoint.Load(dir, Gpt2Heads.Score, numLabels: 2, headSeed: seed);
            var tok = TrainingTokenizer.Load(parse.GetValue(tokenizer) ?? dir, gpt.Config.VocabSize, dir);
            var settings = new RewardRunSettings(parse.GetValue(common.Seq), parse.GetValue(common.Batch), parse.GetValue(common.Steps),
                parse.GetValue(common.Lr), parse.GetValue(common.Warmup), parse.GetValue(common.ValEvery), seed);
            settings.Validate(gpt.Config.NPositions);
            var rewardTask = RewardTask.Load(parse.GetValue(task)!, common.DataFrom(parse), common.MaxDocsFrom(parse), common.ValDocsFrom(parse));
            RewardRun.Run(gpt, tok, rewardTask, settings, parse.GetValue(common.Out)!, Console.WriteLine);
            return 0;
        }));
        var command = new Command("reward-model", "Reward models: train.");
        command.Subcommands.Add(train);
        return command;
    }
}
