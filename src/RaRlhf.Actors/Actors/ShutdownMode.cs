namespace RaRlhf.Actors.Actors;

/// <summary>What a stop does with messages still in the mailbox.</summary>
public enum ShutdownMode
{
    /// <summary>Process every queued message (until the timeout), then stop.</summary>
    Drain,

    /// <summary>Finish the message in flight, then hand the queued messages back to the caller unprocessed.</summary>
    HandBack,
}
