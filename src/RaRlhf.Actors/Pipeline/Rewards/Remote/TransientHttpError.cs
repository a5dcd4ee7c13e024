namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>A status worth retrying (5xx, 408); internal to <see cref="HttpRewardModel"/>'s retry loop.</summary>
internal sealed class TransientHttpError(string message) : Exception(message);
