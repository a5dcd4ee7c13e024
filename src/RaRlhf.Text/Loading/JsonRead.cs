using System.Text.Json;

namespace RaRlhf.Text.Loading;

/// <summary>Small checked accessors over <see cref="JsonElement"/> that name the file and key on failure.</summary>
internal static class JsonRead
{
    public static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"not valid JSON ({e.Message})", e);
        }
    }

    public static JsonElement Object(string path, JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new TokenizerFormatException(path, $"{what} must be a JSON object, found {element.ValueKind}");

    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? OptionalString(string path, JsonElement parent, string name, string where)
    {
        var value = Optional(parent, name);
        if (value is null)
        {
            return null;
        }

        return value.Value.ValueKind == JsonValueKind.String
            ? value.Value.GetString()
            : throw new TokenizerFormatException(path, $"{where}.{name} must be a string, found {value.Value.ValueKind}");
    }

    public static bool OptionalBool(string path, JsonElement parent, string name, string where, bool fallback)
    {
        var value = Optional(parent, name);
        return value?.ValueKind switch
        {
            null => fallback,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new TokenizerFormatException(path, $"{where}.{name} must be true or false"),
        };
    }

    public static int Int(string path, JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value)
            ? value
            : throw new TokenizerFormatException(path, $"{where} must be an integer id, found {element}");

    /// <summary>A {"token": id, …} object.</summary>
    public static Dictionary<string, int> Vocab(string path, JsonElement element, string where)
    {
        Object(path, element, where);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!vocab.TryAdd(property.Name, Int(path, property.Value, $"{where}[\"{property.Name}\"]")))
            {
                throw new TokenizerFormatException(path, $"{where} lists token '{property.Name}' twice");
            }
        }

        return vocab;
    }
}
