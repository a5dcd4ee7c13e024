using System.CommandLine;
using RaRlhf.Cli.Jobs;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf train --run DIR [--config FILE] [--set k=v]… [--tiny]`: a shell over <see cref="TrainJob"/> (the actor
/// pipeline in one process, resuming from DIR; metrics in DIR/metrics/iterations.jsonl, the final policy in DIR/model).
/// </summary>
internal sealed class TrainCommand : ICliCommand
{
    public Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run directory (created; resumed when it holds a run).", Required = true };
        var config = new Option<string?>("--config", "-c") { Description = "HOCON file (default: hocon/local.conf; tasks: hocon/tasks/imdb.conf …)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, key=value (HOCON value). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var tiny = new Option<bool>("--tiny")
        {
            Description = "Random 2-layer 32-dim GPT-2 (vocab 64), random prompts, reward = count of token 5: needs no assets. " +
                          "Reads run.seed, run.iterations (0 = 40) and risk.* from the config.",
        };
        var command = new Command("train",
            "Train with PPO / RA-RLHF through the actor pipeline (resumes automatically): policy, reference and tokenizer from " +
            "model.*, prompts of run.task from the data directory, reward from reward.use; writes DIR/model at the end.");
        foreach (var option in new Option[] { run, config, set, tiny })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) => TrainJob.RunAsync(
            new TrainRequest(parse.GetValue(run)!, parse.GetValue(config), parse.GetValue(set) ?? []) { Tiny = parse.GetValue(tiny) },
            cancellation));
        return command;
    }
}
