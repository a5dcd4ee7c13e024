using System.CommandLine;
using RaRlhf.Cli.Training;
using RaRlhf.Models;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf pretrain --out DIR --tokenizer DIR --config CONFIG.json (--corpus FILE… | --task imdb) [...]`: a GPT-2 from
/// scratch (HF init), trained on packed windows with CausalLmTrainer; writes config.json + model.safetensors + tokenizer.json.
/// </summary>
internal sealed class PretrainCommand : ICliCommand
{
    public Command Create()
    {
        var common = new TrainingOptions(defaultLr: 6e-4);
        var tokenizer = new Option<string>("--tokenizer") { Description = "Tokenizer directory (tokenizer.json)", Required = true };
        var config = new Option<string>("--config") { Description = "GPT-2 config.json (n_layer, n_head, n_embd, n_positions, vocab_size)", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Corpus files (.csv text column, .jsonl text field, else one document per line)", AllowMultipleArgumentsPerToken = true };
        var task = new Option<string>("--task") { Description = "imdb: train split + unsup reviews (validation = the held-out split)" };
        var command = new Command("pretrain", "Pretrain a GPT-2 from scratch with the causal-LM loss on packed sequences.");
        common.AddTo(command);
        foreach (var o in new Option[] { tokenizer, config, corpus, task }) command.Options.Add(o);
        command.SetAction(parse => TrainingOptions.Guard("pretrain", () =>
        {
            var configPath = parse.GetValue(config)!;
            if (!File.Exists(configPath)) throw new TrainingInputException($"--config '{configPath}' not found");
            var gptConfig = Gpt2Config.Load(configPath);
            var tok = TrainingTokenizer.Load(parse.GetValue(tokenizer)!, gptConfig.VocabSize, configPath);
            gptConfig = gptConfig with { EosTokenId = gptConfig.EosTokenId ?? tok.EosId, BosTokenId = gptConfig.BosTokenId ?? tok.EosId };
            var settings = Settings(parse, common, packed: true);
            settings.Validate(gptConfig.NPositions); // before the slow data load
            var texts = Texts(parse, common, corpus, task);
            var model = new Gpt2Model(gptConfig);
            Gpt2Init.InitializeFromScratch(model, parse.GetValue(common.Seed));
            LmRun.Run(model, tok, texts, settings, parse.GetValue(common.Out)!, Console.WriteLine);
            return 0;
        }));
        return command;
    }

    internal static TrainingTexts Texts(ParseResult parse, TrainingOptions common, Option<string[]> corpus, Option<string> task, bool positiveOnly = false)
    {
        var files = parse.GetValue(corpus) ?? [];
        var name = parse.GetValue(task);
        if ((files.Length > 0) == (name is not null)) throw new TrainingInputException("give exactly one of --corpus FILE… or --task imdb");
        var maxDocs = common.MaxDocsFrom(parse);
        var valDocs = common.ValDocsFrom(parse);
        if (name is null) return TrainingTexts.FromFiles(files, maxDocs, valDocs);
        if (name != "imdb") throw new TrainingInputException($"--task must be imdb, not '{name}'");
        var data = common.DataFrom(parse);
        return positiveOnly ? TrainingTexts.ImdbPositive(data, maxDocs, valDocs) : TrainingTexts.ImdbPretraining(data, maxDocs, valDocs);
    }

    internal static LmRunSettings Settings(ParseResult parse, TrainingOptions c, bool packed) => new(
        parse.GetValue(c.Seq), parse.GetValue(c.Batch), parse.GetValue(c.Steps), parse.GetValue(c.Lr), parse.GetValue(c.Warmup),
        parse.GetValue(c.ValEvery), parse.GetValue(c.Seed), packed);
}
