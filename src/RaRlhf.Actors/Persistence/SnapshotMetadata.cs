namespace RaRlhf.Actors.Persistence;

/// <summary>Where a snapshot sits in its journal (it covers events 1..SequenceNr), when and as what it was saved.</summary>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp, string Manifest);
