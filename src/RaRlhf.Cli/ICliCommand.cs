using System.CommandLine;

namespace RaRlhf.Cli;

/// <summary>
/// One top-level `rarlhf` command. Implementations are discovered by reflection so that each command lives in
/// its own file and adding one never touches a shared list.
/// </summary>
internal interface ICliCommand
{
    /// <summary>Builds the command with its options, subcommands and action.</summary>
    Command Create();
}
