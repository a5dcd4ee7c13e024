using System.Text.Json;

namespace RaRlhf.Text.Corpus;

/// <summary>Reads one string field of a JSON line, with errors that say where.</summary>
public static class JsonLine
{
    public static string ReadText(string line, string field, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not valid JSON ({e.Message})", e);
        }

        throw new InvalidDataException($"{where}: no string field \"{field}\"");
    }
}
