namespace RaRlhf.Actors.Persistence;

/// <summary>One journaled event with its position and write time.</summary>
public sealed record PersistedEvent(string PersistenceId, long SequenceNr, object Event, DateTimeOffset Timestamp);
