using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RaRlhf.Cli.Commands;
using RaRlhf.Cli.Prepare;
using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Cli.Tests.Prepare;

/// <summary>`prepare` end to end with the tiny recipe on generated IMDB-shaped data: build, cache, --force, verify.</summary>
public sealed class PrepareCommandTests
{
    private static readonly string[] StageNames = ["tokenizer", "base", "sft", "reward"];

    [Fact]
    public void Prepare_TinyRecipe_BuildsManifestThenSkipsForcesAndVerifies()
    {
        var data = TinyImdbData.Create();
        var root = Path.Combine(Path.GetTempPath(), "rarlhf-prepare-" + Guid.NewGuid().ToString("N"));
        var request = new PrepareRequest("imdb", Path.Combine(root, "assets"), data, Path.Combine(root, "work"), Force: false, Half: true, Recipe: "tiny");

        var first = new StringWriter();
        var manifest = PrepareRun.Run(request, first);
        Assert.Equal(StageNames, manifest["stages"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(4, Count(first, ": done in "));
        AssertManifestMatchesFiles(request.Out, manifest);
        using (var weights = SafetensorsFile.Open(Path.Combine(request.Out, "reward", "model.safetensors")))
        {
            Assert.All(weights.Tensors.Values, t => Assert.Equal(SafetensorsDtype.F16, t.Dtype));
        }

        var reward = Stage(manifest, "reward");
        Assert.Contains("F16", reward["results"]!["measured_on"]!.GetValue<string>());
        Assert.InRange(reward["results"]!["validation_accuracy"]!.GetValue<double>(), 0, 1);
        Assert.True(Stage(manifest, "base")["results"]!["validation_loss"]!.GetValue<double>() > 0);
        Assert.Equal(2, Stage(manifest, "sft")["commands"]!.AsArray().Count); // sft, then prepare half
        Assert.StartsWith("./rarlhf sft --task imdb --data ", Stage(manifest, "sft")["commands"]![0]!.GetValue<string>());

        var manifestBytes = File.ReadAllBytes(Path.Combine(request.Out, AssetManifest.FileName));
        var second = new StringWriter();
        PrepareRun.Run(request, second);
        Assert.Equal(4, Count(second, "up to date"));
        Assert.Equal(0, Count(second, ": done in "));
        Assert.Equal(manifestBytes, File.ReadAllBytes(Path.Combine(request.Out, AssetManifest.FileName)));

        // A changed byte in one stage's output rebuilds that stage only (the reward model depends on base, not sft).
        FlipByte(Path.Combine(request.Out, "sft", "model.safetensors"));
        var (problems, _, _) = AssetManifest.Verify(request.Out);
        Assert.Contains(problems, p => p.StartsWith("sft/model.safetensors: sha256", StringComparison.Ordinal));
        Assert.Equal(1, new PrepareCommand().Create().Parse(["verify", request.Out]).Invoke());
        var repair = new StringWriter();
        PrepareRun.Run(request, repair);
        Assert.Equal(1, Count(repair, ": done in "));
        Assert.Contains("[3/4] sft: its files differ from the recorded sha256s; rebuilding", repair.ToString());
        Assert.Empty(AssetManifest.Verify(request.Out).Problems);
        Assert.Equal(0, new PrepareCommand().Create().Parse(["verify", request.Out]).Invoke());

        var forced = new StringWriter();
        manifest = PrepareRun.Run(request with { Force = true }, forced);
        Assert.Equal(4, Count(forced, "--force; rebuilding"));
        Assert.Equal(4, Count(forced, ": done in "));
        AssertManifestMatchesFiles(request.Out, manifest);
        Assert.Empty(Directory.GetDirectories(request.Out, "*.partial-*"));
        Assert.False(File.Exists(Path.Combine(request.Out, AssetManifest.LockFile)));
        Directory.Delete(root, recursive: true);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void Prepare_Adopt_TakesHandBuiltStagesAndRejectsAnotherRecipes()
    {
        var data = TinyImdbData.Create();
        var root = Path.Combine(Path.GetTempPath(), "rarlhf-prepare-" + Guid.NewGuid().ToString("N"));
        var byHand = new PrepareRequest("imdb", Path.Combine(root, "by-hand"), data, Path.Combine(root, "work"), Force: false, Half: false, Recipe: "tiny");
        PrepareRun.Run(byHand, new StringWriter());

        var log = new StringWriter();
        var adopted = PrepareRun.Run(byHand with { Out = Path.Combine(root, "assets"), Half = true, Adopt = byHand.Out }, log);
        Assert.Equal(0, Count(log, ": done in "));
        Assert.Equal(4, Count(log, ": adopting "));
        Assert.All(adopted["stages"]!.AsArray(), s => Assert.EndsWith(s!["name"]!.GetValue<string>(), s["adopted_from"]!.GetValue<string>()));
        AssertManifestMatchesFiles(Path.Combine(root, "assets"), adopted);
        var handWeights = File.ReadAllBytes(Path.Combine(byHand.Out, "sft", "model.safetensors"));
        using (var stored = SafetensorsFile.Open(Path.Combine(root, "assets", "sft", "model.safetensors")))
        using (var original = SafetensorsFile.Open(Path.Combine(byHand.Out, "sft", "model.safetensors")))
        {
            Assert.All(original.Tensors.Keys, k => Assert.Equal(original.ReadF32(k).Select(v => (float)(Half)v), stored.ReadF32(k)));
        }

        Assert.True(handWeights.Length > new FileInfo(Path.Combine(root, "assets", "sft", "model.safetensors")).Length);
        var other = Path.Combine(root, "imdb-recipe");
        var e = Assert.Throws<PrepareException>(() => PrepareRun.Run(byHand with { Out = other, Recipe = null, Adopt = byHand.Out }, new StringWriter()));
        Assert.Contains("8192 tokens", e.Message);
        Assert.False(Directory.Exists(Path.Combine(other, "tokenizer")));
        Directory.Delete(root, recursive: true);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void Verify_MissingManifest_ExitsWith2()
    {
        var dir = Directory.CreateTempSubdirectory("rarlhf-prepare-").FullName;
        Assert.Equal(2, new PrepareCommand().Create().Parse(["verify", dir]).Invoke());
    }

    private static void AssertManifestMatchesFiles(string directory, JsonObject manifest)
    {
        var listed = manifest["files"]!.AsObject();
        var onDisk = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).Where(f => f != AssetManifest.FileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, listed.Select(f => f.Key).Order(StringComparer.Ordinal));
        foreach (var (name, entry) in listed)
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, name));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry!["sha256"]!.GetValue<string>());
            Assert.Equal(bytes.Length, entry["bytes"]!.GetValue<long>());
        }
    }

    private static JsonNode Stage(JsonObject manifest, string name) => manifest["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == name)!;

    private static int Count(StringWriter log, string text) => log.ToString().Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    private static void FlipByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(path, bytes);
    }
}
