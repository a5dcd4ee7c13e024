using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Tests.Actors;

/// <summary>Keeps each Ask's reply ("wait") and answers all of them when told "release", with their arrival index.</summary>
internal sealed class DeferredReplyActor : Actor
{
    private readonly List<ReplyHandle> _waiting = [];

    protected override Task ReceiveAsync(object message)
    {
        if (message is "wait" && Context.ReplyTo is { } reply) _waiting.Add(reply);
        if (message is "release")
        {
            for (var i = 0; i < _waiting.Count; i++) _waiting[i].Complete(i);
            _waiting.Clear();
        }

        return Task.CompletedTask;
    }
}
