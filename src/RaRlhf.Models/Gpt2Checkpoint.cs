using System.Text.Json.Nodes;
using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Models;

/// <summary>
/// Loads and saves Hugging Face GPT-2 model directories (config.json + model.safetensors). Reads keys with or without
/// the <c>transformer.</c> prefix and ignores <c>lm_head.weight</c> (tied to wte; its shape is still checked). Heads
/// use TRL / HF names: <c>v_head.summary.*</c>, <c>score.weight</c>. Saves with the <c>transformer.</c> prefix, no lm_head.
/// </summary>
public static class Gpt2Checkpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";

    /// <summary>
    /// Loads a model directory. Requested heads that the file lacks are initialised from <paramref name="headSeed"/>
    /// (as TRL does for a fresh value head); with <paramref name="numLabels"/> null the score head's label count is
    /// read from the file (1 if absent). With <paramref name="requireHeads"/> a missing requested head is an error
    /// instead (a trained reward model must bring its score head).
    /// </summary>
    public static Gpt2Model Load(
        string directory, Gpt2Heads heads = Gpt2Heads.None, int? numLabels = null, ulong headSeed = 0, bool requireHeads = false)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"model directory '{directory}' has no {ConfigFile}; expected a Hugging Face GPT-2 directory", configPath);
        }

        var config = Gpt2Config.Load(configPath);
        var weightsPath = Path.Combine(directory, WeightsFile);
        if (!File.Exists(weightsPath))
        {
            throw new FileNotFoundException($"model directory '{directory}' has no {WeightsFile}", weightsPath);
        }

        using var file = SafetensorsFile.Open(weightsPath);
        var labels = numLabels ?? (file.Tensors.TryGetValue(Gpt2Layout.ScoreWeight, out var s) ? (int)s.Shape[0] : 1);
        var model = new Gpt2Model(config, heads, labels);
        var missingHeads = ReadInto(model, file);
        if (requireHeads && missingHeads != Gpt2Heads.None)
        {
            throw new SafetensorsFormatException(
                weightsPath, null, $"the checkpoint has no {missingHeads} head; train one first (e.g. `rarlhf reward-model train`)");
        }

        Gpt2Init.InitializeHeads(model, missingHeads, headSeed);
        return model;
    }

    /// <summary>
    /// Overwrites an existing model's parameters from a safetensors file (e.g. a rollout worker fetching a published
    /// policy blob); every tensor of the model's layout, heads included, must be present with the right shape.
    /// </summary>
    public static void LoadWeights(Gpt2Model model, string safetensorsPath)
    {
        using var file = SafetensorsFile.Open(safetensorsPath);
        LoadWeights(model, file);
    }

    /// <summary><see cref="LoadWeights(Gpt2Model, string)"/> from an open (file or in-memory) safetensors.</summary>
    public static void LoadWeights(Gpt2Model model, SafetensorsFile file)
    {
        var missing = ReadInto(model, file);
        if (missing != Gpt2Heads.None)
        {
            throw new SafetensorsFormatException(file.Path, null, $"the file lacks the model's {missing} head tensors");
        }
    }

    /// <summary>Reads every layout tensor; returns the heads that are absent (transformer tensors must be present).</summary>
    private static Gpt2Heads ReadInto(Gpt2Model model, SafetensorsFile file)
    {
        var prefixed = file.Tensors.ContainsKey("transformer.wte.weight");
        var missingHeads = Gpt2Heads.None;
        foreach (var view in model.Layout.Views)
        {
            var isHead = view.Offset >= model.Layout.TransformerLength;
            var key = isHead || !prefixed ? view.Name : "transformer." + view.Name;
            if (!file.Tensors.ContainsKey(key))
            {
                if (isHead)
                {
                    missingHeads |= view.Name == Gpt2Layout.ScoreWeight ? Gpt2Heads.Score : Gpt2Heads.Value;
                    continue;
                }

                throw new SafetensorsFormatException(file.Path, key, "tensor required by config.json is missing from the checkpoint");
            }

            file.ReadF32(key, model.Parameters.AsSpan(view.Offset, view.Length), view.Shape);
        }

        if (file.Tensors.TryGetValue("lm_head.weight", out var head) && !head.Shape.SequenceEqual(model.Layout["wte.weight"].Shape))
        {
            throw new SafetensorsFormatException(file.Path, "lm_head.weight",
                $"shape [{string.Join(", ", head.Shape)}] does not match the tied wte [{model.Config.VocabSize}, {model.Config.NEmbd}]");
        }

        return missingHeads;
    }

    /// <summary>Writes config.json and model.safetensors (each atomically) into <paramref name="directory"/>.</summary>
    public static void Save(Gpt2Model model, string directory)
    {
        Directory.CreateDirectory(directory);
        SaveWeights(model, Path.Combine(directory, WeightsFile));
        model.Config.Save(Path.Combine(directory, ConfigFile), HeadConfig(model.Layout));
    }

    /// <summary>Writes only the safetensors file (HF key names, heads included), e.g. a versioned policy blob.</summary>
    public static void SaveWeights(Gpt2Model model, string path) =>
        SafetensorsWriter.Write(path, Tensors(model), new Dictionary<string, string> { ["format"] = "pt" });

    /// <summary>
    /// The model's tensors as saved (HF key names: <c>transformer.</c> + layout name, heads unprefixed), in layout
    /// order, as views of <see cref="Gpt2Model.Parameters"/> (no copy).
    /// </summary>
    public static IReadOnlyList<SafetensorsTensor> Tensors(Gpt2Model model) =>
        model.Layout.Views.Select(v => new SafetensorsTensor(
            v.Offset >= model.Layout.TransformerLength ? v.Name : "transformer." + v.Name,
            v.Shape, model.Parameters.AsMemory(v.Offset, v.Length))).ToList();

    /// <summary>What HF needs to rebuild a GPT2ForSequenceClassification (num_labels comes from id2label).</summary>
    private static Dictionary<string, JsonNode?> HeadConfig(Gpt2Layout layout)
    {
        if (!layout.Heads.HasFlag(Gpt2Heads.Score))
        {
            return [];
        }

        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < layout.NumLabels; i++)
        {
            id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = $"LABEL_{i}";
            label2id[$"LABEL_{i}"] = i;
        }

        return new Dictionary<string, JsonNode?>
        {
            ["architectures"] = new JsonArray("GPT2ForSequenceClassification"),
            ["id2label"] = id2label,
            ["label2id"] = label2id,
        };
    }
}
