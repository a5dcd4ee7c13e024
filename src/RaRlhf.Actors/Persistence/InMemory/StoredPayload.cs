using System.Security.Cryptography;

namespace RaRlhf.Actors.Persistence.InMemory;

/// <summary>A serialized payload kept in memory with its SHA-256, verified on read like the SQLite rows.</summary>
internal sealed record StoredPayload(long SequenceNr, string Manifest, byte[] Bytes, byte[] Checksum, DateTimeOffset Timestamp)
{
    public static StoredPayload Of(long sequenceNr, SerializedPayload payload, DateTimeOffset timestamp) =>
        new(sequenceNr, payload.Manifest, payload.Bytes.ToArray(), SHA256.HashData(payload.Bytes), timestamp);

    public object Decode(PayloadSerializer serializer, string where)
    {
        if (!SHA256.HashData(Bytes).AsSpan().SequenceEqual(Checksum))
        {
            throw new StoreCorruptedException($"payload checksum mismatch ({where}): the stored copy is damaged");
        }

        return serializer.Deserialize(Manifest, Bytes.ToArray(), where);
    }
}
