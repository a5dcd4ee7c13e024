using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// Runs one stage unless it is up to date. Up to date = its directory holds a stage record whose key (the commands,
/// with placeholders, and the sha256 of every input) equals the recipe's now, and whose recorded files still hash the
/// same. A stage is built into a temp directory beside its target (commands, then the measurement on the stored
/// files, then the record) and renamed over the target only when complete.
/// </summary>
internal sealed class StageRunner(PreparePaths paths, bool force, TextWriter log, string? adoptFrom = null)
{
    public const string StampFile = "prepare-stage.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Dictionary<string, string> _dataHashes = new(StringComparer.Ordinal);

    public JsonObject Run(PrepareStage stage, int index, int count)
    {
        var final = paths.Resolve(stage.Directory, "");
        var prefix = $"[{index}/{count}] {stage.Name}";
        DirectorySwap.RemoveLeftovers(final);
        var key = Key(stage);
        var existing = ReadStamp(final);
        if (existing is not null)
        {
            var why = force ? "--force" : WhyStale(existing, key, final);
            if (why is null)
            {
                var how = existing["adopted_from"] is { } from ? $"adopted from {from}" : $"built in {existing["seconds"]} s";
                log.WriteLine($"{prefix}: up to date in {paths.Show(final)} ({how} at {existing["built_utc"]}; same commands, inputs and files), skipped");
                return existing;
            }

            log.WriteLine($"{prefix}: {why}; rebuilding");
        }
        else if (Directory.Exists(final))
        {
            log.WriteLine($"{prefix}: {paths.Show(final)} exists without a {StampFile} (not built by prepare); rebuilding it");
        }

        var temp = final + $".partial-{Guid.NewGuid():N}";
        var adopted = adoptFrom is not null && stage.IsAsset ? Path.GetFullPath(Path.Combine(adoptFrom, Path.GetFileName(final))) : null;
        if (adopted is not null && !Directory.Exists(adopted)) adopted = null;
        try
        {
            var clock = Stopwatch.StartNew();
            var shown = new JsonArray();
            foreach (var argv in stage.Commands)
            {
                var display = InProcessCli.Display(argv.Select(t => paths.Display(t, final)));
                shown.Add(display);
                if (adopted is not null && shown.Count == 1)
                {
                    log.WriteLine($"{prefix}: adopting {paths.Show(adopted)}, built by hand with: {display}");
                    AdoptedStage.Copy(adopted, temp);
                    AdoptedStage.Check(stage, temp, adopted, paths);
                    continue;
                }

                log.WriteLine($"{prefix}: {display}");
                var code = InProcessCli.Run(argv.Select(t => paths.Resolve(t, temp)).ToList());
                if (code != 0)
                {
                    throw new PrepareException($"stage {stage.Name}: `{display}` failed with exit code {code} (its message is above); " +
                                               "fix the cause and run prepare again (finished stages are kept)");
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var results = stage.Measure(temp);
            var stamp = new JsonObject
            {
                ["stage"] = stage.Name,
                ["key"] = key,
                ["commands"] = shown,
                ["seconds"] = adopted is null ? Math.Round(seconds, 1) : null,
                ["adopted_from"] = adopted,
                ["measure_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["built_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["results"] = results,
                ["files"] = FilesJson(FileDigest.OfDirectory(temp, StampFile)),
            };
            AtomicFile.WriteAllText(Path.Combine(temp, StampFile), stamp.ToJsonString(Indented) + "\n");
            DirectorySwap.Replace(temp, final);
            log.WriteLine($"{prefix}: {(adopted is null ? $"done in {seconds:F0} s" : "adopted")}; {string.Join(", ", results.Select(r => $"{r.Key} {r.Value?.ToJsonString()}"))}");
            return stamp;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    public static JsonObject FilesJson(IReadOnlyDictionary<string, FileDigest> files)
    {
        var result = new JsonObject();
        foreach (var (name, digest) in files) result[name] = new JsonObject { ["sha256"] = digest.Sha256, ["bytes"] = digest.Bytes };
        return result;
    }

    private JsonObject Key(PrepareStage stage)
    {
        var inputs = new JsonObject();
        foreach (var input in stage.Inputs) inputs[input] = Hash(input);
        return new JsonObject
        {
            ["commands"] = new JsonArray(stage.Commands.Select(c => (JsonNode)string.Join(' ', c.Select(t => PreparePaths.Key(t, stage.Directory)))).ToArray()),
            ["inputs"] = inputs,
        };
    }

    private string Hash(string input)
    {
        var path = paths.Resolve(input, "");
        if (input.StartsWith(PreparePaths.DataRoot, StringComparison.Ordinal) && _dataHashes.TryGetValue(path, out var known)) return known;
        string hash;
        if (File.Exists(path)) hash = FileDigest.Of(path).Sha256;
        else if (Directory.Exists(path)) hash = FileDigest.Combined(FileDigest.OfDirectory(path, StampFile));
        else throw new PrepareException($"input {paths.Show(path)} ({input}) does not exist; it is made by an earlier stage or must be in the data directory");
        if (input.StartsWith(PreparePaths.DataRoot, StringComparison.Ordinal)) _dataHashes[path] = hash;
        return hash;
    }

    private static string? WhyStale(JsonObject stamp, JsonObject key, string directory)
    {
        if (!JsonNode.DeepEquals(stamp["key"]?["commands"], key["commands"])) return "the recipe's commands differ from the recorded ones";
        var recorded = stamp["key"]?["inputs"] as JsonObject;
        foreach (var (input, hash) in (JsonObject)key["inputs"]!)
        {
            if (!JsonNode.DeepEquals(recorded?[input], hash)) return $"input {input} changed since it was built";
        }

        var files = FilesJson(FileDigest.OfDirectory(directory, StampFile));
        return JsonNode.DeepEquals(files, stamp["files"]) ? null : "its files differ from the recorded sha256s";
    }

    private static JsonObject? ReadStamp(string directory)
    {
        var path = Path.Combine(directory, StampFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException)
        {
            return null; // unreadable record = not built by prepare; rebuilt
        }
    }
}
