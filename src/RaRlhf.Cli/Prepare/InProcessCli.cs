using System.CommandLine;
using RaRlhf.Cli.Commands;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// Runs a `rarlhf` command line in this process, through the very command objects the CLI uses, so a stage is exactly
/// its recorded command (same parsing, defaults, validation and progress output).
/// </summary>
internal static class InProcessCli
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var root = new RootCommand("rarlhf");
        foreach (var command in new ICliCommand[] { new TokenizerCommand(), new PretrainCommand(), new SftCommand(), new RewardModelCommand(), new PrepareCommand() })
        {
            root.Subcommands.Add(command.Create());
        }

        return root.Parse(argv.ToArray()).Invoke();
    }

    /// <summary>The command as a shell line: <c>./rarlhf a b 'c d'</c>.</summary>
    public static string Display(IEnumerable<string> argv) =>
        "./rarlhf " + string.Join(' ', argv.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+@%,".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'"));
}
