namespace RaRlhf.Actors.Actors;

/// <summary>
/// Outstanding demand of the stages that pull from one producer (owned by the producer actor: not thread-safe,
/// like all actor state). Items go round-robin to the requesters that still have demand.
/// </summary>
public sealed class DemandLedger
{
    private readonly LinkedList<(ActorRef Requester, int Remaining)> _queue = new();

    /// <summary>Items asked for and not yet dispatched, over all requesters.</summary>
    public int Outstanding { get; private set; }

    /// <summary>Adds the demand of a <see cref="WorkRequest"/>.</summary>
    public void Add(WorkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Count,
                $"work request from {request.ReplyTo} must ask for at least 1 item");
        }

        for (var node = _queue.First; node is not null; node = node.Next)
        {
            if (!ReferenceEquals(node.Value.Requester, request.ReplyTo)) continue;
            node.Value = (request.ReplyTo, node.Value.Remaining + request.Count);
            Outstanding += request.Count;
            return;
        }

        _queue.AddLast((request.ReplyTo, request.Count));
        Outstanding += request.Count;
    }

    /// <summary>Claims one unit of demand: the requester to send the next item to, or false when nobody asked.</summary>
    public bool TryClaim(out ActorRef requester)
    {
        var first = _queue.First;
        if (first is null)
        {
            requester = null!;
            return false;
        }

        requester = first.Value.Requester;
        _queue.RemoveFirst();
        if (first.Value.Remaining > 1) _queue.AddLast((requester, first.Value.Remaining - 1));
        Outstanding--;
        return true;
    }

    /// <summary>Drops a requester's demand (it stopped); returns how many units were dropped.</summary>
    public int Forget(ActorRef requester)
    {
        var dropped = 0;
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (ReferenceEquals(node.Value.Requester, requester))
            {
                dropped += node.Value.Remaining;
                _queue.Remove(node);
            }

            node = next;
        }

        Outstanding -= dropped;
        return dropped;
    }
}
