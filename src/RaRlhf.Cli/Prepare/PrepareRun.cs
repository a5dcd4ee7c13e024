using System.Diagnostics;
using System.Text.Json.Nodes;
using RaRlhf.Tensors.IO;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// `prepare TASK`: under a lock on the output directory, writes the recipe's model config, runs every stage (skipping
/// the up-to-date ones), then writes MANIFEST.json.
/// </summary>
internal static class PrepareRun
{
    public static JsonObject Run(PrepareRequest request, TextWriter log)
    {
        var recipe = PrepareRecipe.For(request.Task, request.Recipe);
        var data = DataDirectory.Resolve(request.Data);
        if (request.Adopt is { } adopt && !Directory.Exists(adopt)) throw new PrepareException($"--adopt '{adopt}' is not a directory");
        var paths = new PreparePaths(Path.GetFullPath(request.Out), data.Root, Path.GetFullPath(request.Work), Environment.CurrentDirectory);
        string[] usedBy = recipe.Source == PrepareSource.Toxicity ? ["jigsaw", "rtp"] : [request.Task];
        var task = request.Task == "rtp" ? "jigsaw" : request.Task;
        if (request.Task == "rtp") log.WriteLine("prepare rtp: RealToxicityPrompts-Gen uses the jigsaw assets (same tokenizer, base, SFT and toxicity reward model)");
        var clock = Stopwatch.StartNew();
        using var guard = PrepareLock.Acquire(paths.Out);
        WriteIfChanged(Path.Combine(paths.Out, PreparePlan.ModelConfigFile), recipe.ModelConfigJson + "\n");
        var stages = PreparePlan.Stages(recipe, paths, data, request.Half);
        log.WriteLine($"prepare {request.Task}: recipe {recipe.Name}, {stages.Count} stages into {paths.Show(paths.Out)} " +
                      $"(data {paths.Show(data.Root)}, storage {(request.Half ? "F16" : "F32")}{(request.Force ? ", --force" : "")})");
        var runner = new StageRunner(paths, request.Force, log, request.Adopt);
        var done = stages.Select((stage, i) => (stage, runner.Run(stage, i + 1, stages.Count))).ToList();
        var manifest = AssetManifest.Write(paths.Out, task, recipe, usedBy, request.Half, done, paths);
        log.WriteLine($"prepare {request.Task}: {manifest["files"]!.AsObject().Count} files, {manifest["total_bytes"]!.GetValue<long>() / 1e6:F2} MB, " +
                      $"manifest {paths.Show(Path.Combine(paths.Out, AssetManifest.FileName))} ({clock.Elapsed.TotalSeconds:F0} s)");
        return manifest;
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text) AtomicFile.WriteAllText(path, text);
    }
}
