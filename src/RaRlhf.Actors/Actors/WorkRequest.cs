namespace RaRlhf.Actors.Actors;

/// <summary>
/// Pull-based demand: a downstream stage asks its producer for <paramref name="Count"/> more items, to be sent to
/// <paramref name="ReplyTo"/>. A producer keeps the outstanding demand in a <see cref="DemandLedger"/> and sends only
/// what was asked for, so no stage ever holds more than it requested.
/// </summary>
public sealed record WorkRequest(int Count, ActorRef ReplyTo);
