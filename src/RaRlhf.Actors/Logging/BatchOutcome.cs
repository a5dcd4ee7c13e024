namespace RaRlhf.Actors.Logging;

/// <summary>What a transport did with a batch.</summary>
public enum BatchOutcome
{
    /// <summary>Delivered.</summary>
    Sent,

    /// <summary>Failed in a way that may pass later (connection refused, 5xx, 429, timeout): retry with backoff.</summary>
    Retry,

    /// <summary>Refused for good (e.g. 400 malformed, 401/403 bad API key): drop the batch and count it.</summary>
    Rejected,
}
