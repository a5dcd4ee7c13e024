using System.Text.Json;
using System.Text.Json.Nodes;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// <c>MANIFEST.json</c> of an asset directory: every file's sha256 and size, and per stage its exact equivalent CLI
/// commands, seconds taken and key results (no write time of its own, so a run that skips every stage leaves it
/// byte-identical); <see cref="Verify"/> recomputes the sha256s.
/// </summary>
internal static class AssetManifest
{
    public const string FileName = "MANIFEST.json";
    public const string LockFile = ".prepare.lock";

    public static JsonObject Write(string directory, string task, PrepareRecipe recipe, IReadOnlyList<string> usedBy, bool half,
        IReadOnlyList<(PrepareStage Stage, JsonObject Stamp)> stages, PreparePaths paths)
    {
        var files = FileDigest.OfDirectory(directory, FileName, LockFile);
        var stageList = new JsonArray();
        foreach (var (stage, stamp) in stages)
        {
            var entry = new JsonObject
            {
                ["name"] = stage.Name,
                ["directory"] = stage.IsAsset ? stage.Directory[(PreparePaths.OutRoot.Length + 1)..] : paths.Show(paths.Resolve(stage.Directory, "")),
                ["commands"] = stamp["commands"]?.DeepClone(),
                ["seconds"] = stamp["seconds"]?.DeepClone(),
                ["adopted_from"] = stamp["adopted_from"]?.DeepClone(),
                ["measure_seconds"] = stamp["measure_seconds"]?.DeepClone(),
                ["built_utc"] = stamp["built_utc"]?.DeepClone(),
                ["results"] = stamp["results"]?.DeepClone(),
            };
            if (!stage.IsAsset) entry["outputs_not_committed"] = stamp["files"]?.DeepClone();
            stageList.Add(entry);
        }

        var manifest = new JsonObject
        {
            ["task"] = task,
            ["recipe"] = recipe.Name,
            ["used_by"] = new JsonArray(usedBy.Select(u => (JsonNode)u).ToArray()),
            ["storage"] = half ? "F16" : "F32",
            ["verify"] = $"./rarlhf prepare verify {paths.Show(directory)}",
            ["total_bytes"] = files.Values.Sum(f => f.Bytes),
            ["stages"] = stageList,
            ["files"] = StageRunner.FilesJson(files),
        };
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return manifest;
    }

    /// <summary>Every problem found (empty = verified): missing, resized, changed or unlisted files.</summary>
    public static (IReadOnlyList<string> Problems, int Files, long Bytes) Verify(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new PrepareException($"{path} not found; build the assets with `rarlhf prepare TASK` (it writes the manifest)");
        JsonObject files;
        try
        {
            files = JsonNode.Parse(File.ReadAllText(path))?["files"] as JsonObject
                    ?? throw new PrepareException($"{path} has no \"files\" object; rebuild it with `rarlhf prepare TASK`");
        }
        catch (JsonException e)
        {
            throw new PrepareException($"{path} is not valid JSON ({e.Message}); rebuild it with `rarlhf prepare TASK`");
        }

        var problems = new List<string>();
        long bytes = 0;
        foreach (var (name, value) in files)
        {
            if (Path.IsPathRooted(name) || name.Split('/').Contains(".."))
            {
                problems.Add($"{name}: listed path is outside the directory");
                continue;
            }

            var full = Path.Combine(directory, name);
            if (!File.Exists(full))
            {
                problems.Add($"{name}: missing");
                continue;
            }

            var expectedSha = value?["sha256"]?.GetValue<string>();
            var expectedBytes = value?["bytes"]?.GetValue<long>();
            var actual = FileDigest.Of(full);
            bytes += actual.Bytes;
            if (actual.Bytes != expectedBytes) problems.Add($"{name}: {actual.Bytes} bytes, the manifest says {expectedBytes}");
            else if (actual.Sha256 != expectedSha) problems.Add($"{name}: sha256 {actual.Sha256}, the manifest says {expectedSha}");
        }

        foreach (var name in FileDigest.OfDirectory(directory, FileName, LockFile).Keys.Where(n => !files.ContainsKey(n)))
        {
            problems.Add($"{name}: not in the manifest");
        }

        return (problems, files.Count, bytes);
    }
}
