namespace RaRlhf.Actors.Persistence;

/// <summary>A serialized event or snapshot: the manifest names its type, <see cref="Bytes"/> is the encoding.</summary>
public sealed record SerializedPayload(string Manifest, byte[] Bytes);
