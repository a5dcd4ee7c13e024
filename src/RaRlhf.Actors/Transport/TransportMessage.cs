namespace RaRlhf.Actors.Transport;

/// <summary>A message on the wire: <see cref="Type"/> is its payload manifest, <see cref="Body"/> its encoding.</summary>
public sealed record TransportMessage(string Type, ReadOnlyMemory<byte> Body);
