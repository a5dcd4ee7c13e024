using System.CommandLine;
using RaRlhf.Cli.Bench;
using RaRlhf.Cli.Commands.Bench;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf bench --config …`: GPT-2 train and decode throughput; `rarlhf bench gemm`: GEMM against OpenBLAS.
/// Results and the reference measurements: docs/benchmarks.md.
/// </summary>
internal sealed class BenchCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command(
            "bench",
            "GPT-2 train and decode throughput (tokens/s) and peak memory on random weights; `bench gemm` compares GEMM with OpenBLAS.");
        var (options, action) = ModelBenchmark.Create();
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(action);
        command.Subcommands.Add(GemmBenchmark.Create());
        return command;
    }
}
