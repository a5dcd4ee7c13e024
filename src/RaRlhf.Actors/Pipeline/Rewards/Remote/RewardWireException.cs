namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>A reward wire document (request or response) that breaks the format in docs/remote-reward.md.</summary>
public sealed class RewardWireException(string message) : Exception(message);
