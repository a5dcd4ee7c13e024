using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Rl.Reporting;

/// <summary>JSON Lines files: one JSON object per line, blank lines ignored, errors naming file and line.</summary>
internal static class JsonLines
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<T> Read<T>(string path, Func<JsonElement, string, T> parse)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found (format: docs/report.md)", path);
        }

        var items = new List<T>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{path}:{number}";
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{where}: each line must be one JSON object");
                }

                items.Add(parse(doc.RootElement, where));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}: not valid JSON: {e.Message}", e);
            }
        }

        return items;
    }

    public static string Line(Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write<T>(string path, IEnumerable<T> items, Func<T, string> line)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(line(item)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }
}
