using System.CommandLine;
using System.Reflection;
using RaRlhf.Cli;

var root = new RootCommand("rarlhf: risk-averse RLHF (CVaR-filtered PPO) for GPT-2-class language models.");
foreach (var command in DiscoverCommands())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();

static IEnumerable<Command> DiscoverCommands() =>
    typeof(ICliCommand).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(t))
        .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Create())
        .OrderBy(c => c.Name, StringComparer.Ordinal);
