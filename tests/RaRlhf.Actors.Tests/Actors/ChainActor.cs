using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Tests.Actors;

/// <summary>Works <c>workTime</c> on, then forwards every message to the next actor (by name) and records it: a two-stage pipeline.</summary>
internal sealed class ChainActor(string? next, RecordingActor.Journal journal, TimeSpan workTime = default) : Actor
{
    protected override async Task ReceiveAsync(object message)
    {
        if (workTime > TimeSpan.Zero) await Task.Delay(workTime);
        lock (journal.Handled) journal.Handled.Add(message);
        if (next is not null) await Context.System.TellAsync(next, message);
    }
}
