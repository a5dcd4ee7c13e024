using System.Text.Json;
using RaRlhf.Text.Bpe;

namespace RaRlhf.Text.Loading;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> with a BPE model and ByteLevel pre-tokenizer (GPT-2 style). Parts this
/// tokenizer does not implement (normalizers, prefix spaces, subword prefixes, dropout) are refused by name rather
/// than ignored, so a loaded tokenizer always produces the ids the file means.
/// </summary>
internal static class HfTokenizerJsonReader
{
    public static ByteLevelBpeTokenizer Read(string path)
    {
        using var document = JsonRead.Parse(path);
        var root = JsonRead.Object(path, document.RootElement, "the top level");
        if (JsonRead.Optional(root, "normalizer") is not null)
        {
            throw new TokenizerFormatException(path, "has a normalizer; only byte-level BPE without normalizer is supported");
        }

        CheckByteLevel(path, root, "pre_tokenizer", required: true);
        CheckByteLevel(path, root, "decoder", required: false);
        var model = JsonRead.Optional(root, "model") is { } m
            ? JsonRead.Object(path, m, "model")
            : throw new TokenizerFormatException(path, "no \"model\" object");
        var type = JsonRead.OptionalString(path, model, "type", "model");
        if (type is not null && type != "BPE")
        {
            throw new TokenizerFormatException(path, $"model.type is '{type}'; only BPE is supported");
        }

        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (JsonRead.OptionalString(path, model, affix, "model") is { Length: > 0 } value)
            {
                throw new TokenizerFormatException(path, $"model.{affix} is '{value}'; only empty is supported");
            }
        }

        if (JsonRead.Optional(model, "dropout") is { } dropout && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() != 0)
        {
            throw new TokenizerFormatException(path, "model.dropout is set; BPE dropout is not supported");
        }

        var vocab = JsonRead.Optional(model, "vocab") is { } v
            ? JsonRead.Vocab(path, v, "model.vocab")
            : throw new TokenizerFormatException(path, "model has no \"vocab\"");
        var merges = ReadMerges(path, model);
        var added = ReadAddedTokens(path, root);
        return new ByteLevelBpeTokenizer(new BpeVocabulary(path, vocab, merges, added));
    }

    private static void CheckByteLevel(string path, JsonElement root, string name, bool required)
    {
        if (JsonRead.Optional(root, name) is not { } part)
        {
            if (required)
            {
                throw new TokenizerFormatException(path, $"no \"{name}\"; a ByteLevel {name} is required");
            }

            return;
        }

        JsonRead.Object(path, part, name);
        var type = JsonRead.OptionalString(path, part, "type", name);
        if (type != "ByteLevel")
        {
            throw new TokenizerFormatException(path, $"{name}.type is '{type}'; only ByteLevel is supported");
        }

        if (name == "pre_tokenizer" && JsonRead.OptionalBool(path, part, "add_prefix_space", name, false))
        {
            throw new TokenizerFormatException(path, "pre_tokenizer.add_prefix_space is true; only false (GPT-2) is supported");
        }

        if (!JsonRead.OptionalBool(path, part, "use_regex", name, true))
        {
            throw new TokenizerFormatException(path, $"{name}.use_regex is false; only GPT-2's pattern is supported");
        }
    }

    private static List<(string, string)> ReadMerges(string path, JsonElement model)
    {
        if (JsonRead.Optional(model, "merges") is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new TokenizerFormatException(path, "model.merges must be an array");
        }

        var merges = new List<(string, string)>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"model.merges[{index++}]";
            merges.Add(item.ValueKind switch
            {
                JsonValueKind.String => MergeLine.Parse(path, item.GetString()!, where),
                JsonValueKind.Array when item.GetArrayLength() == 2
                    && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String =>
                    (item[0].GetString()!, item[1].GetString()!),
                _ => throw new TokenizerFormatException(path, $"{where} must be \"a b\" or [\"a\", \"b\"], found {item}"),
            });
        }

        return merges;
    }

    private static List<AddedToken> ReadAddedTokens(string path, JsonElement root)
    {
        var added = new List<AddedToken>();
        if (JsonRead.Optional(root, "added_tokens") is not { } array)
        {
            return added;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException(path, "added_tokens must be an array");
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"added_tokens[{index++}]";
            JsonRead.Object(path, item, where);
            var id = item.TryGetProperty("id", out var idElement)
                ? JsonRead.Int(path, idElement, $"{where}.id")
                : throw new TokenizerFormatException(path, $"{where} has no id");
            var content = JsonRead.OptionalString(path, item, "content", where)
                ?? throw new TokenizerFormatException(path, $"{where} has no content");
            added.Add(new AddedToken(id, content, JsonRead.OptionalBool(path, item, "special", where, false)));
        }

        return added;
    }
}
