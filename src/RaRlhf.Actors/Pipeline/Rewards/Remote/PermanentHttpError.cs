namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>A status not worth retrying (4xx: the request itself is wrong); internal to <see cref="HttpRewardModel"/>.</summary>
internal sealed class PermanentHttpError(string message) : Exception(message);
