using System.Text.Json;

namespace RaRlhf.Actors.Persistence;

/// <summary>
/// Serializes events and snapshots with System.Text.Json under the manifests of a <see cref="PayloadTypeRegistry"/>;
/// <c>byte[]</c> payloads are stored verbatim.
/// </summary>
public sealed class PayloadSerializer(PayloadTypeRegistry registry, JsonSerializerOptions? options = null)
{
    private readonly JsonSerializerOptions _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.General);

    /// <summary>The registry of known types.</summary>
    public PayloadTypeRegistry Registry { get; } = registry;

    /// <summary>Encodes a payload; throws naming its type when the type is not registered.</summary>
    public SerializedPayload Serialize(object payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var manifest = Registry.ManifestOf(payload.GetType());
        var bytes = payload is byte[] raw ? raw : JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), _options);
        return new SerializedPayload(manifest, bytes);
    }

    /// <summary>Decodes a payload; <paramref name="where"/> (store, id, sequence number) goes into errors.</summary>
    public object Deserialize(string manifest, byte[] bytes, string where)
    {
        var type = Registry.TypeOf(manifest) ?? throw new UnknownManifestException(manifest, where);
        if (type == typeof(byte[])) return bytes;
        try
        {
            return JsonSerializer.Deserialize(bytes, type, _options)
                ?? throw new JsonException("the payload is JSON null");
        }
        catch (JsonException error)
        {
            throw new StoreCorruptedException(
                $"payload with manifest '{manifest}' ({where}) is not valid JSON for {type.Name}: {error.Message}", error);
        }
    }
}
