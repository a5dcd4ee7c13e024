namespace RaRlhf.Actors.Logging;

/// <summary>What a full <see cref="BoundedBatcher{T}"/> does with one more item. Either way the drop is counted.</summary>
public enum QueueFullMode
{
    /// <summary>Discard the oldest queued item to make room (keeps the most recent events; the default).</summary>
    DropOldest,

    /// <summary>Discard the new item.</summary>
    DropNewest,
}
