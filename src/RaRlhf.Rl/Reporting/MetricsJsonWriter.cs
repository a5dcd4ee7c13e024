using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Writes metrics.json in the shape, atomically:
/// {"methods": {"&lt;name&gt;": {"reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"}}, "tail": {"definition"}}
/// plus the top-level "title" and "synthetic". A non-finite value is written as null.
/// </summary>
public static class MetricsJsonWriter
{
    public const string FileName = "metrics.json";

    public static void Write(string path, MetricsJsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        AtomicFile.WriteAllText(path, ToJson(document));
    }

    public static string ToJson(MetricsJsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var duplicate = document.Methods.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"method '{duplicate.Key}' appears twice; metrics.json keys methods by name");
        }

        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("methods");
            foreach (var method in document.Methods)
            {
                writer.WriteStartObject(method.Name);
                foreach (var (key, value) in method.Value.Fields())
                {
                    JsonFields.WriteNumberOrNull(writer, key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("tail");
            writer.WriteString("definition", document.TailDefinition);
            writer.WriteEndObject();
            writer.WriteString("title", document.Title);
            writer.WriteBoolean("synthetic", document.Synthetic);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
