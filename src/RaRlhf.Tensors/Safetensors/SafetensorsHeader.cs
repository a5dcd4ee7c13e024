using System.Text.Json;

namespace RaRlhf.Tensors.Safetensors;

/// <summary>
/// Parses and validates a safetensors header: 8-byte little-endian length, then a JSON object mapping tensor names to
/// {dtype, shape, data_offsets} plus an optional string map <c>__metadata__</c>. Every check names the file and tensor.
/// </summary>
internal static class SafetensorsHeader
{
    public static (IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata)
        Parse(string path, ReadOnlySpan<byte> json, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, null, $"header is not valid JSON ({e.Message})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(path, null, "header JSON must be an object");
            }

            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }

                tensors.Add(property.Name, ReadEntry(path, property.Name, property.Value, dataLength));
            }

            CheckNoOverlap(path, tensors.Values);
            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, null, "__metadata__ must be an object of strings");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException(path, null, $"__metadata__ value '{item.Name}' must be a string");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string path, string name, JsonElement e, long dataLength)
    {
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !e.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array
            || offsetsJson.GetArrayLength() != 2)
        {
            throw new SafetensorsFormatException(path, name, "entry needs dtype (string), shape (array) and data_offsets [begin, end]");
        }

        var dtype = dtypeJson.GetString() switch
        {
            "F32" => SafetensorsDtype.F32,
            "F16" => SafetensorsDtype.F16,
            "BF16" => SafetensorsDtype.BF16,
            var other => throw new SafetensorsFormatException(path, name, $"unsupported dtype '{other}' (readable: F32, F16, BF16)"),
        };

        var shape = new long[shapeJson.GetArrayLength()];
        var i = 0;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out shape[i]) || shape[i] < 0)
            {
                throw new SafetensorsFormatException(path, name, "shape must hold non-negative integers");
            }

            i++;
        }

        if (!offsetsJson[0].TryGetInt64(out var begin) || !offsetsJson[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new SafetensorsFormatException(path, name, "data_offsets must be integers with 0 <= begin <= end");
        }

        if (end > dataLength)
        {
            throw new SafetensorsFormatException(path, name,
                $"data_offsets [{begin}, {end}] run past the data section of {dataLength} bytes (file truncated?)");
        }

        var info = new SafetensorsTensorInfo(name, dtype, shape, begin, end);
        if (info.ElementCount * info.ElementSize != end - begin)
        {
            throw new SafetensorsFormatException(path, name,
                $"shape [{string.Join(", ", shape)}] of {dtype} needs {info.ElementCount * info.ElementSize} bytes but data_offsets span {end - begin}");
        }

        return info;
    }

    private static void CheckNoOverlap(string path, IEnumerable<SafetensorsTensorInfo> tensors)
    {
        SafetensorsTensorInfo? previous = null;
        foreach (var t in tensors.Where(t => t.End > t.Begin).OrderBy(t => t.Begin))
        {
            if (previous is not null && t.Begin < previous.End)
            {
                throw new SafetensorsFormatException(path, t.Name,
                    $"data_offsets [{t.Begin}, {t.End}] overlap tensor '{previous.Name}' [{previous.Begin}, {previous.End}]");
            }

            previous = t;
        }
    }
}
