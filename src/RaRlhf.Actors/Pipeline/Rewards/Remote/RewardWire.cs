using System.Text.Json;

namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// The JSON wire format of a remote reward model, version 1 (docs/remote-reward.md):
/// request <c>{"version":1,"items":[{"prompt":"…","response":"…"}]}</c> →
/// response <c>{"version":1,"scores":[…],"extra":{"name":number}}</c>. Parsing is strict: every problem throws
/// <see cref="RewardWireException"/> naming the field.
/// </summary>
public static class RewardWire
{
    public const int Version = 1;
    public const string ScorePath = "/score";
    public const string HealthPath = "/health";
    public const string ContentType = "application/json";

    public static byte[] WriteRequest(IReadOnlyList<RewardInput> items) => Write(w =>
    {
        w.WriteNumber("version", Version);
        w.WriteStartArray("items");
        foreach (var item in items)
        {
            w.WriteStartObject();
            w.WriteString("prompt", item.PromptText);
            w.WriteString("response", item.ResponseText);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>Items carry texts only; token ids are the scorer's business (it owns its tokenizer).</summary>
    public static List<RewardInput> ReadRequest(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json, "request");
        var root = doc.RootElement;
        CheckVersion(root);
        var items = RequireProperty(root, "items", JsonValueKind.Array);
        var result = new List<RewardInput>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new RewardWireException($"items[{result.Count}] must be an object with \"prompt\" and \"response\" strings");
            }

            var prompt = RequireProperty(item, "prompt", JsonValueKind.String, $"items[{result.Count}].").GetString()!;
            var response = RequireProperty(item, "response", JsonValueKind.String, $"items[{result.Count}].").GetString()!;
            result.Add(new RewardInput(prompt, response, [], []));
        }

        return result;
    }

    public static byte[] WriteResponse(RewardOutput output) => Write(w =>
    {
        w.WriteNumber("version", Version);
        w.WriteStartArray("scores");
        foreach (var s in output.Scores)
        {
            if (!float.IsFinite(s))
            {
                throw new RewardWireException($"the reward model produced a non-finite score ({s}); refusing to send it");
            }

            w.WriteNumberValue(s);
        }

        w.WriteEndArray();
        w.WriteStartObject("extra");
        foreach (var (key, value) in output.Extra)
        {
            if (double.IsFinite(value))
            {
                w.WriteNumber(key, value);
            }
        }

        w.WriteEndObject();
    });

    /// <summary>Parses a response and checks it holds exactly <paramref name="expectedCount"/> finite scores.</summary>
    public static RewardOutput ReadResponse(ReadOnlySpan<byte> json, int expectedCount)
    {
        using var doc = Parse(json, "response");
        var root = doc.RootElement;
        CheckVersion(root);
        var scores = RequireProperty(root, "scores", JsonValueKind.Array);
        if (scores.GetArrayLength() != expectedCount)
        {
            throw new RewardWireException($"expected {expectedCount} scores (one per item), got {scores.GetArrayLength()}");
        }

        var result = new float[expectedCount];
        var i = 0;
        foreach (var s in scores.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetDouble(out var d) || !float.IsFinite((float)d))
            {
                throw new RewardWireException($"scores[{i}] is not a finite number: {s.GetRawText()}");
            }

            result[i++] = (float)d;
        }

        var extra = new Dictionary<string, double>();
        if (root.TryGetProperty("extra", out var extraElement))
        {
            if (extraElement.ValueKind != JsonValueKind.Object)
            {
                throw new RewardWireException("\"extra\" must be an object of numbers");
            }

            foreach (var p in extraElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !double.IsFinite(p.Value.GetDouble()))
                {
                    throw new RewardWireException($"extra.{p.Name} is not a finite number: {p.Value.GetRawText()}");
                }

                extra[p.Name] = p.Value.GetDouble();
            }
        }

        return new RewardOutput(result, extra);
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            var doc = JsonDocument.Parse(json.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new RewardWireException($"the {what} must be a JSON object");
            }

            return doc;
        }
        catch (JsonException e)
        {
            var head = System.Text.Encoding.UTF8.GetString(json[..Math.Min(json.Length, 80)]);
            throw new RewardWireException($"the {what} is not valid JSON ({e.Message}); it starts with: {head}");
        }
    }

    private static void CheckVersion(JsonElement root)
    {
        var version = RequireProperty(root, "version", JsonValueKind.Number);
        if (!version.TryGetInt32(out var v) || v != Version)
        {
            throw new RewardWireException($"unsupported wire version {version.GetRawText()}; this build speaks version {Version}");
        }
    }

    private static JsonElement RequireProperty(JsonElement obj, string name, JsonValueKind kind, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new RewardWireException($"missing \"{prefix}{name}\"");
        }

        if (value.ValueKind != kind)
        {
            throw new RewardWireException($"\"{prefix}{name}\" must be {kind.ToString().ToLowerInvariant()}, got {value.ValueKind.ToString().ToLowerInvariant()}");
        }

        return value;
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
