using System.CommandLine;
using RaRlhf.Cli.Jobs;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf eval --run DIR --method NAME --model DIR [--config FILE] [--set k=v]… [--prompts FILE --text-column C]
/// [--prompt-prefix TEXT] [--count N]`: a thin shell over <see cref="EvalJob.RunAsync"/> (docs/evaluation.md).
/// </summary>
internal sealed class EvalCommand : ICliCommand
{
    public Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run directory: writes eval/<method>.jsonl and merges the method into metrics.json.", Required = true };
        var method = new Option<string>("--method") { Description = "Method name in metrics.json, e.g. base, SFT, RLHF, RA-RLHF (re-running replaces it).", Required = true };
        var model = new Option<string>("--model") { Description = "Model directory (config.json + model.safetensors; a value head is ignored).", Required = true };
        var config = new Option<string?>("--config", "-c") { Description = "HOCON file (default: hocon/local.conf)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, key=value (HOCON value). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var prompts = new Option<string?>("--prompts") { Description = "Prompt file (.csv with a header row or .jsonl) instead of the task's validation prompts." };
        var column = new Option<string>("--text-column") { Description = "Column (CSV) or field (JSONL, dotted path) holding the prompt text.", DefaultValueFactory = _ => "text" };
        var prefix = new Option<string?>("--prompt-prefix") { Description = "Text prepended to every prompt for generation only (the \"prompted\" baseline); not scored or recorded." };
        var count = new Option<int?>("--count") { Description = "Evaluate the first N prompts of the fixed order (default: eval.count)." };
        var command = new Command("eval", "Evaluate a model on prompts: reward, tail reward, perplexity, Dist-1/2/3 into the run's metrics.json.");
        foreach (var option in new Option[] { run, method, model, config, set, prompts, column, prefix, count })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) => EvalJob.RunAsync(
            new EvalRequest(parse.GetValue(run)!, parse.GetValue(method)!, parse.GetValue(model)!, parse.GetValue(config), parse.GetValue(set) ?? [])
            {
                PromptsFile = parse.GetValue(prompts),
                TextColumn = parse.GetValue(column) ?? "text",
                PromptPrefix = parse.GetValue(prefix),
                PromptCount = parse.GetValue(count),
            },
            cancellation));
        return command;
    }
}
