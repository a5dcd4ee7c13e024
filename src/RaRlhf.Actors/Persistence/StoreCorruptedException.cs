namespace RaRlhf.Actors.Persistence;

/// <summary>Stored data failed verification (checksum mismatch, undecodable payload, damaged file).</summary>
public sealed class StoreCorruptedException(string message, Exception? inner = null) : Exception(message, inner);
