using RaRlhf.Cli.Demo;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests.Demo;

/// <summary>A temp run directory plus an asset directory whose four assets exist (content unused by fake jobs).</summary>
internal sealed class DemoFixture : IDisposable
{
    public DemoFixture()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Assets, "tokenizer"));
        File.WriteAllText(Path.Combine(Assets, "tokenizer", "tokenizer.json"), "{}");
        foreach (var model in new[] { "base", "sft", "reward" })
        {
            Directory.CreateDirectory(Path.Combine(Assets, model));
            File.WriteAllText(Path.Combine(Assets, model, "config.json"), "{}");
            File.WriteAllBytes(Path.Combine(Assets, model, "model.safetensors"), [0]);
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rarlhf-demo-" + Guid.NewGuid().ToString("N"));

    public string Assets => Path.Combine(Root, "assets");

    public string Run => Path.Combine(Root, "run");

    public static IReadOnlyList<string> QuickOverlays(string task = "imdb") =>
    [
        Path.Combine(TestData.RepoRoot, "hocon", "tasks", task + ".conf"),
        Path.Combine(TestData.RepoRoot, "hocon", "demo.conf"),
        Path.Combine(TestData.RepoRoot, "hocon", "demo-quick.conf"),
    ];

    public DemoOptions Options(params string[] sets) =>
        new("imdb", Run, "IMDB-Gen test demo", QuickOverlays(), Assets, null, ["demo.eval_prompts = 12", .. sets]);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
