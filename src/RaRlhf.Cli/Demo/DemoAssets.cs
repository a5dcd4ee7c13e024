namespace RaRlhf.Cli.Demo;

/// <summary>
/// The four assets a task's demo starts from (docs/demo.md): <c>tokenizer/tokenizer.json</c> and the Gpt2Checkpoint
/// directories <c>base/</c>, <c>sft/</c> and <c>reward/</c>. <see cref="Locate"/> names every missing file and says
/// how to build them.
/// </summary>
internal sealed record DemoAssets(string Directory, string TokenizerJson, string Base, string Sft, string Reward)
{
    private static readonly string[] CheckpointFiles = ["config.json", "model.safetensors"];

    public static DemoAssets Locate(string task, string directory)
    {
        var full = Path.GetFullPath(directory);
        var assets = new DemoAssets(full, Path.Combine(full, "tokenizer", "tokenizer.json"),
            Path.Combine(full, "base"), Path.Combine(full, "sft"), Path.Combine(full, "reward"));
        var missing = new List<string>();
        if (!File.Exists(assets.TokenizerJson))
        {
            missing.Add(assets.TokenizerJson);
        }

        foreach (var model in new[] { assets.Base, assets.Sft, assets.Reward })
        {
            missing.AddRange(CheckpointFiles.Select(f => Path.Combine(model, f)).Where(f => !File.Exists(f)));
        }

        if (missing.Count > 0)
        {
            throw new DemoInputException(
                $"the {task} assets are incomplete in {full}: missing {string.Join(", ", missing)}. " +
                $"Build them with `./rarlhf prepare {task}` (or pass --assets DIR holding tokenizer/, base/, sft/ and reward/).");
        }

        return assets;
    }
}
