using System.CommandLine;
using RaRlhf.Cli.Demo;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf experiment [imdb|jigsaw|rtp] --seeds N [--run DIR] [--data DIR] [--assets DIR] [--set k=v]…`: the demo at
/// the full scale of hocon/experiment.conf once per seed, then RUN/results.md (mean ± std, the scientific bar),
/// RUN/metrics.json and RUN/report.html (docs/demo.md). Resumable per seed and step.
/// </summary>
internal sealed class ExperimentCommand : ICliCommand
{
    public Command Create()
    {
        var shared = new DemoOptionSet();
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0 … N−1 (run.seed), one RLHF + RA-RLHF pair each.", DefaultValueFactory = _ => 3 };
        var command = new Command("experiment", "RLHF vs RA-RLHF over several seeds at full scale: mean ± std and the scientific bar (resumable).");
        shared.AddTo(command);
        command.Options.Add(seeds);
        command.SetAction((parse, cancellation) => DemoCommand.RunAsync(() =>
        {
            var task = parse.GetValue(shared.Task)!;
            var options = shared.Read(parse, Path.Combine("runs", $"experiment-{task}"), $"{DemoCommand.TaskTitle(task)} experiment",
                [RepoLayout.Hocon("demo.conf"), RepoLayout.Hocon("experiment.conf")]);
            return new ExperimentRunner(new PipelineJobs(), Console.Out).RunAsync(options, parse.GetValue(seeds), cancellation);
        }, "experiment"));
        return command;
    }
}
