using System.Text.Json.Nodes;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// One cached step of a recipe: its output directory and CLI commands (argv with <see cref="PreparePaths"/>
/// placeholders; <c>$STAGE</c> = this stage's output), the files and directories it reads (their sha256s are part of
/// the cache key), and how to measure its key results on what it stored.
/// </summary>
internal sealed record PrepareStage(
    string Name,
    string Directory,
    IReadOnlyList<string[]> Commands,
    IReadOnlyList<string> Inputs,
    Func<string, JsonObject> Measure)
{
    /// <summary>True for stages whose output is an asset (under $OUT, listed in the manifest), false for work files.</summary>
    public bool IsAsset => Directory.StartsWith(PreparePaths.OutRoot + "/", StringComparison.Ordinal);
}
