namespace RaRlhf.Actors.Actors;

/// <summary>A message that could not be delivered: its recipient was stopped or never existed.</summary>
public sealed record DeadLetter(string Recipient, object Message, string Reason);
