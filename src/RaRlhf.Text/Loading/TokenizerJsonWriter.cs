using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RaRlhf.Tensors.IO;
using RaRlhf.Text.Bpe;

namespace RaRlhf.Text.Loading;

/// <summary>
/// Saves a vocabulary as Hugging Face <c>tokenizer.json</c> (GPT-2's layout: ByteLevel pre-tokenizer, decoder and
/// post-processor, BPE model) plus <c>vocab.json</c> and <c>merges.txt</c> for tools that read the pair.
/// </summary>
internal static class TokenizerJsonWriter
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "Ġthe" readable; the output stays valid JSON
    };

    public static void Save(BpeVocabulary vocab, string directory)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, "tokenizer.json"), stream => WriteTokenizerJson(vocab, stream));
        AtomicFile.Write(Path.Combine(directory, "vocab.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, s_options);
            WriteVocab(json, vocab);
        });
        AtomicFile.Write(Path.Combine(directory, "merges.txt"), stream =>
        {
            using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            text.WriteLine("#version: 0.2");
            foreach (var (left, right) in Merges(vocab))
            {
                text.WriteLine($"{left} {right}");
            }
        });
    }

    private static void WriteTokenizerJson(BpeVocabulary vocab, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, s_options);
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteNull("truncation");
        json.WriteNull("padding");
        json.WriteStartArray("added_tokens");
        foreach (var token in vocab.AddedTokens)
        {
            json.WriteStartObject();
            json.WriteNumber("id", token.Id);
            json.WriteString("content", token.Content);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", false);
            json.WriteBoolean("special", token.Special);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNull("normalizer");
        WriteByteLevel(json, "pre_tokenizer", addPrefixSpace: false);
        WriteByteLevel(json, "post_processor", addPrefixSpace: true);
        WriteByteLevel(json, "decoder", addPrefixSpace: true);
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteNull("unk_token");
        json.WriteString("continuing_subword_prefix", "");
        json.WriteString("end_of_word_suffix", "");
        json.WriteBoolean("fuse_unk", false);
        json.WriteBoolean("byte_fallback", false);
        json.WritePropertyName("vocab");
        WriteVocab(json, vocab);
        json.WriteStartArray("merges");
        foreach (var (left, right) in Merges(vocab))
        {
            json.WriteStringValue($"{left} {right}");
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteByteLevel(Utf8JsonWriter json, string name, bool addPrefixSpace)
    {
        // The same flags Hugging Face writes for GPT-2; only the pre-tokenizer's add_prefix_space affects encoding.
        json.WriteStartObject(name);
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", addPrefixSpace);
        json.WriteBoolean("trim_offsets", name != "post_processor");
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();
    }

    private static void WriteVocab(Utf8JsonWriter json, BpeVocabulary vocab)
    {
        json.WriteStartObject();
        for (var id = 0; id < vocab.IdToToken.Length; id++)
        {
            json.WriteNumber(vocab.IdToToken[id], id);
        }

        json.WriteEndObject();
    }

    private static IEnumerable<(string Left, string Right)> Merges(BpeVocabulary vocab)
    {
        for (var rank = 0; rank < vocab.Merges.Count; rank++)
        {
            var (left, right, _) = vocab.Merges[rank];
            yield return (vocab.IdToToken[left], vocab.IdToToken[right]);
        }
    }
}
