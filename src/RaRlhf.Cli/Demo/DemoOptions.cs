namespace RaRlhf.Cli.Demo;

/// <summary>
/// What a demo run is made of: the task, where it runs, the config overlays layered over hocon/tasks/TASK.conf
/// (full paths, in order), the asset directory, an optional data directory and the user's --set lines.
/// </summary>
internal sealed record DemoOptions(
    string Task,
    string RunDirectory,
    string Title,
    IReadOnlyList<string> Overlays,
    string AssetsDirectory,
    string? DataDirectory,
    IReadOnlyList<string> Sets);
