using System.CommandLine;
using RaRlhf.Cli.Training;
using RaRlhf.Models;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf sft --model DIR --out DIR (--task imdb | --corpus FILE…) [...]`: continue training an existing model with the
/// causal-LM loss, one padded (truncated to --seq) example per document; IMDB = the positive reviews.
/// </summary>
internal sealed class SftCommand : ICliCommand
{
    public Command Create()
    {
        var common = new TrainingOptions(defaultLr: 5e-5);
        var model = new Option<string>("--model") { Description = "Model directory to start from", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "Tokenizer directory (default: --model)" };
        var corpus = new Option<string[]>("--corpus") { Description = "Corpus files (.csv text column, .jsonl text field, else one document per line)", AllowMultipleArgumentsPerToken = true };
        var task = new Option<string>("--task") { Description = "imdb: the positive reviews of the train split (validation: positives of the held-out split)" };
        var command = new Command("sft", "Supervised fine-tuning of a GPT-2 with the causal-LM loss, one example per document.");
        common.AddTo(command);
        foreach (var o in new Option[] { model, tokenizer, corpus, task }) command.Options.Add(o);
        command.SetAction(parse => TrainingOptions.Guard("sft", () =>
        {
            var dir = TrainingOptions.RequireModelDirectory(parse.GetValue(model)!);
            var gpt = Gpt2Checkpoint.Load(dir);
            var tok = TrainingTokenizer.Load(parse.GetValue(tokenizer) ?? dir, gpt.Config.VocabSize, dir);
            var settings = PretrainCommand.Settings(parse, common, packed: false);
            settings.Validate(gpt.Config.NPositions);
            var texts = PretrainCommand.Texts(parse, common, corpus, task, positiveOnly: true);
            LmRun.Run(gpt, tok, texts, settings, parse.GetValue(common.Out)!, Console.WriteLine);
            return 0;
        }));
        return command;
    }
}
