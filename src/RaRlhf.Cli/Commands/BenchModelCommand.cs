using System.CommandLine;
using RaRlhf.Cli.Bench;

namespace RaRlhf.Cli.Commands;

/// <summary>Temporary home of the GPT-2 benchmark until it is folded into `rarlhf bench`.</summary>
internal sealed class BenchModelCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("bench-model", "GPT-2 train and decode throughput (tokens/s) and peak memory on random weights.");
        var (options, action) = ModelBenchmark.Create();
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(action);
        return command;
    }
}
