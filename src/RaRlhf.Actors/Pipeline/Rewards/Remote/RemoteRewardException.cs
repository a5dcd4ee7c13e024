namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// A remote reward batch failed (timeouts, HTTP errors, an invalid response or an open circuit). The message names the
/// URL and the problem; no scores of the batch are returned, so the caller's run never sees a partial result.
/// </summary>
public sealed class RemoteRewardException(string message, Exception? inner = null) : Exception(message, inner);
