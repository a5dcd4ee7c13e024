using System.Text.Json;

namespace RaRlhf.Rl.Reporting;

/// <summary>Reads metrics.json back; a missing file, bad JSON or a missing/mistyped key names the file and the key.</summary>
public static class MetricsJsonReader
{
    private static readonly string[] Keys = ["reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"];

    public static MetricsJsonDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found: a run directory holds metrics.json (written by `rarlhf demo`)", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static MetricsJsonDocument Parse(string json, string source)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: the top level must be an object with keys 'methods' and 'tail'");
            }

            var methods = new List<NamedValue<MethodMetrics>>();
            foreach (var method in JsonFields.Object(root, "methods", source).EnumerateObject())
            {
                var where = $"{source}: methods.{method.Name}";
                if (methods.Any(m => m.Name == method.Name))
                {
                    throw new InvalidDataException($"{where} appears twice; method names are unique");
                }

                if (method.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{where} must be an object of {string.Join(", ", Keys)}");
                }

                var v = Keys.Select(k => JsonFields.NumberOrNull(method.Value, k, where)).ToArray();
                methods.Add(new NamedValue<MethodMetrics>(method.Name, new MethodMetrics(v[0], v[1], v[2], v[3], v[4], v[5])));
            }

            var definition = JsonFields.String(JsonFields.Object(root, "tail", source), "definition", $"{source}: tail");
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "RaRlhf run report";
            var synthetic = root.TryGetProperty("synthetic", out var s) && s.ValueKind == JsonValueKind.True;
            return new MetricsJsonDocument(methods, definition, title, synthetic);
        }
    }
}
