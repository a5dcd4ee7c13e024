namespace RaRlhf.Actors.Transport;

/// <summary>
/// A message handed to one consumer of a work queue. It stays pending until acknowledged; if the consumer dies
/// first it is delivered again (to any consumer) with <see cref="Redelivered"/> set.
/// </summary>
public sealed record Delivery(string Queue, long DeliveryTag, TransportMessage Message, bool Redelivered);
