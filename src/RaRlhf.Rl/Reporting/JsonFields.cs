using System.Globalization;
using System.Text.Json;

namespace RaRlhf.Rl.Reporting;

/// <summary>Typed reads of required JSON members; every error names the place (file, line) and the key.</summary>
internal static class JsonFields
{
    public static JsonElement Object(JsonElement parent, string key, string where)
    {
        var value = Member(parent, key, where);
        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InvalidDataException($"{where}: key '{key}' must be an object, found {value.ValueKind}");
    }

    public static string String(JsonElement parent, string key, string where)
    {
        var value = Member(parent, key, where);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{where}: key '{key}' must be a string, found {value.ValueKind}");
    }

    /// <summary>A string, or an integer written as a number (prompt ids may be either).</summary>
    public static string Id(JsonElement parent, string key, string where)
    {
        var value = Member(parent, key, where);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number when value.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => throw new InvalidDataException($"{where}: key '{key}' must be a string or an integer, found {value.GetRawText()}"),
        };
    }

    /// <summary>A number, or null meaning "not measured" (NaN); JSON has no NaN literal.</summary>
    public static double NumberOrNull(JsonElement parent, string key, string where)
    {
        var value = Member(parent, key, where);
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.Null => double.NaN,
            _ => throw new InvalidDataException($"{where}: key '{key}' must be a number or null, found {value.GetRawText()}"),
        };
    }

    public static int NonNegativeInt(JsonElement parent, string key, string where)
    {
        var value = Member(parent, key, where);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw new InvalidDataException($"{where}: key '{key}' must be an integer ≥ 0, found {value.GetRawText()}");
    }

    private static JsonElement Member(JsonElement parent, string key, string where) =>
        parent.TryGetProperty(key, out var value)
            ? value
            : throw new InvalidDataException($"{where}: required key '{key}' is missing");

    /// <summary>Writes a double, or null when it is not finite.</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter writer, string key, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(key, value);
        }
        else
        {
            writer.WriteNull(key);
        }
    }
}
