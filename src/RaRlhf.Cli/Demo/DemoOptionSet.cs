using System.CommandLine;

namespace RaRlhf.Cli.Demo;

/// <summary>The options `demo` and `experiment` share: the task argument, --run, --data, --assets and --set.</summary>
internal sealed class DemoOptionSet
{
    public Argument<string> Task { get; } = new("task")
    {
        Description = "imdb (default), jigsaw or rtp: hocon/tasks/TASK.conf and assets/TASK (rtp: assets/jigsaw).",
        DefaultValueFactory = _ => "imdb",
    };

    public Option<string?> Run { get; } = new("--run") { Description = "Run directory (created; re-running with the same directory resumes it)." };

    public Option<string?> Data { get; } = new("--data") { Description = "Data directory (default: run.data_dir, ../shared/data or RARLHF_DATA)." };

    public Option<string?> Assets { get; } = new("--assets") { Description = "Asset directory holding tokenizer/, base/, sft/, reward/ (default: assets/TASK; rtp: assets/jigsaw)." };

    public Option<string[]> Set { get; } = new("--set") { Description = "Override one setting, key=value (HOCON), after the demo's overlays. Repeatable." };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Task);
        foreach (var option in new Option[] { Run, Data, Assets, Set })
        {
            command.Options.Add(option);
        }
    }

    public DemoOptions Read(ParseResult parse, string defaultRun, string title, IReadOnlyList<string> overlays)
    {
        var task = parse.GetValue(Task)!;
        return new DemoOptions(
            task,
            parse.GetValue(Run) ?? defaultRun,
            title,
            [RepoLayout.TaskConfig(task), .. overlays],
            parse.GetValue(Assets) ?? RepoLayout.DefaultAssets(task),
            parse.GetValue(Data),
            parse.GetValue(Set) ?? []);
    }
}
