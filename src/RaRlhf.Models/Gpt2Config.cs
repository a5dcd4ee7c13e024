using System.Text.Json;
using System.Text.Json.Nodes;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Models;

/// <summary>
/// The GPT-2 hyperparameters from a Hugging Face config.json. Unrelated fields (intermediate_size, dropout rates…) are
/// ignored; n_inner null or absent means 4·n_embd; only activation_function "gelu_new" is supported.
/// </summary>
public sealed record Gpt2Config(int NLayer, int NHead, int NEmbd, int NPositions, int VocabSize,
    float LayerNormEpsilon = 1e-5f, int? NInner = null)
{
    /// <summary>Width of the MLP hidden layer.</summary>
    public int Inner => NInner ?? 4 * NEmbd;

    public int HeadDim => NEmbd / NHead;

    /// <summary>Token ids from config.json (bos/eos/pad) when present; they are carried through save.</summary>
    public int? EosTokenId { get; init; }

    public int? BosTokenId { get; init; }

    public int? PadTokenId { get; init; }

    public static Gpt2Config Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"GPT-2 config '{path}' not found (a Hugging Face model directory needs config.json)", path);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"GPT-2 config '{path}' is not valid JSON: {e.Message}", e);
        }

        if (root is not JsonObject o)
        {
            throw new InvalidDataException($"GPT-2 config '{path}' must be a JSON object");
        }

        var activation = o["activation_function"]?.GetValue<string>() ?? "gelu_new";
        if (activation != "gelu_new")
        {
            throw new InvalidDataException($"GPT-2 config '{path}': activation_function '{activation}' is not supported (only gelu_new)");
        }

        var config = new Gpt2Config(
            Required(o, "n_layer", path), Required(o, "n_head", path), Required(o, "n_embd", path),
            Required(o, "n_positions", path), Required(o, "vocab_size", path),
            (float?)Optional<double>(o, "layer_norm_epsilon", path) ?? 1e-5f,
            Optional<int>(o, "n_inner", path))
        {
            EosTokenId = Optional<int>(o, "eos_token_id", path),
            BosTokenId = Optional<int>(o, "bos_token_id", path),
            PadTokenId = Optional<int>(o, "pad_token_id", path),
        };
        config.Validate(path);
        return config;
    }

    /// <summary>Throws when the shape parameters cannot describe a GPT-2 (e.g. n_embd not divisible by n_head).</summary>
    public void Validate(string source = "config")
    {
        if (NLayer < 1 || NHead < 1 || NEmbd < 1 || NPositions < 1 || VocabSize < 1 || Inner < 1 || NEmbd % NHead != 0)
        {
            throw new InvalidDataException(
                $"GPT-2 config '{source}': need positive n_layer, n_head, n_embd, n_positions, vocab_size, n_inner and n_embd divisible by n_head (got {this})");
        }
    }

    /// <summary>Writes a config.json that Hugging Face's GPT2 classes read.</summary>
    public void Save(string path, IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        var o = new JsonObject
        {
            ["model_type"] = "gpt2",
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["activation_function"] = "gelu_new",
            ["n_layer"] = NLayer,
            ["n_head"] = NHead,
            ["n_embd"] = NEmbd,
            ["n_positions"] = NPositions,
            ["n_ctx"] = NPositions,
            ["vocab_size"] = VocabSize,
            ["layer_norm_epsilon"] = LayerNormEpsilon,
            ["n_inner"] = NInner,
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenId,
            ["pad_token_id"] = PadTokenId,
            ["torch_dtype"] = "float32",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, JsonNode?>())
        {
            o[key] = value?.DeepClone();
        }

        AtomicFile.WriteAllText(path, o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static T? Optional<T>(JsonObject o, string key, string path)
        where T : struct
    {
        try
        {
            return o[key] is null ? null : o[key]!.GetValue<T>();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"GPT-2 config '{path}': field '{key}' must be a single number or null", e);
        }
    }

    private static int Required(JsonObject o, string key, string path)
    {
        try
        {
            return o[key]?.GetValue<int>() ?? throw new InvalidDataException($"GPT-2 config '{path}' lacks required field '{key}'");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"GPT-2 config '{path}': field '{key}' must be an integer", e);
        }
    }
}
