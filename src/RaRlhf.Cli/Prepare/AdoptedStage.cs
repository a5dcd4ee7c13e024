using System.Text.Json.Nodes;
using RaRlhf.Cli.Training;
using RaRlhf.Models;
using RaRlhf.Text;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// `prepare --adopt DIR`: takes a stage's output from DIR/&lt;stage&gt; (built by hand with the recipe's commands) instead
/// of training it again. What can be checked is: the tokenizer's size, the model architecture against the recipe's
/// model-config.json, and the reward model's task; a mismatch is an error, not a silent adoption.
/// </summary>
internal static class AdoptedStage
{
    public static void Copy(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static void Check(PrepareStage stage, string directory, string source, PreparePaths paths)
    {
        var train = stage.Commands[0];
        if (Value(train, "--vocab-size") is { } vocab && ByteLevelBpeTokenizer.Load(directory).VocabSize.ToString(System.Globalization.CultureInfo.InvariantCulture) != vocab)
        {
            throw new PrepareException($"cannot adopt {source}: its tokenizer does not have the recipe's {vocab} tokens");
        }

        if (File.Exists(Path.Combine(directory, Gpt2Checkpoint.ConfigFile)))
        {
            var recipe = Gpt2Config.Load(paths.Resolve(PreparePaths.OutRoot + "/" + PreparePlan.ModelConfigFile, ""));
            var found = Gpt2Config.Load(Path.Combine(directory, Gpt2Checkpoint.ConfigFile));
            if ((found.NLayer, found.NHead, found.NEmbd, found.NPositions, found.VocabSize) != (recipe.NLayer, recipe.NHead, recipe.NEmbd, recipe.NPositions, recipe.VocabSize))
            {
                throw new PrepareException($"cannot adopt {source}: its config ({found.NLayer} layers, {found.NHead} heads, {found.NEmbd} dims, " +
                                           $"{found.NPositions} positions, vocab {found.VocabSize}) is not the recipe's model-config.json");
            }
        }

        if (train[0] == "reward-model" && Value(train, "--task") is { } task)
        {
            var reward = Path.Combine(directory, RewardRun.RewardFile);
            var recorded = File.Exists(reward) ? JsonNode.Parse(File.ReadAllText(reward))?["task"]?.GetValue<string>() : null;
            if (recorded != task) throw new PrepareException($"cannot adopt {source}: its {RewardRun.RewardFile} says task '{recorded}', the recipe trains '{task}'");
        }
    }

    private static string? Value(string[] argv, string option)
    {
        var i = Array.IndexOf(argv, option);
        return i >= 0 && i + 1 < argv.Length ? argv[i + 1] : null;
    }
}
