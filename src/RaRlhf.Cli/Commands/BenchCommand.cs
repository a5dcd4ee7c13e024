using System.CommandLine;
using RaRlhf.Cli.Commands.Bench;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf bench …`: speed measurements against reference implementations (see docs/benchmarks.md).</summary>
internal sealed class BenchCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("bench", "Benchmarks against reference implementations (results: docs/benchmarks.md).");
        command.Subcommands.Add(GemmBenchmark.Create());
        return command;
    }
}
