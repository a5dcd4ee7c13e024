using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Transport;

/// <summary>
/// Turns message records into <see cref="TransportMessage"/>s and back with the same manifests and JSON encoding as
/// persistence, so a role's messages cross a broker unchanged. Unknown types and manifests fail naming them.
/// </summary>
public sealed class MessageCodec(PayloadSerializer serializer)
{
    /// <summary>Encodes a registered message.</summary>
    public TransportMessage Encode(object message)
    {
        var payload = serializer.Serialize(message);
        return new TransportMessage(payload.Manifest, payload.Bytes);
    }

    /// <summary>Decodes a message; <paramref name="source"/> (queue or topic) goes into errors.</summary>
    public object Decode(TransportMessage message, string source) =>
        serializer.Deserialize(message.Type, message.Body.ToArray(), $"transport message from '{source}'");
}
