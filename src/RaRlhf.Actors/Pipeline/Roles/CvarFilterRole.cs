using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Rl.Risk;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// The CVaR batch filter as a role (stateless): keeps the B0 episodes with the lowest return, ties at the threshold
/// kept, with <see cref="CvarFilter.Select"/> — the RL core's single-process trainer uses the same function, so the
/// pipeline's selection is the trainer's bit for bit.
/// </summary>
public sealed class CvarFilterRole : Actor
{
    protected override Task ReceiveAsync(object message)
    {
        if (message is not EvaluatedBatch batch)
        {
            throw new InvalidOperationException($"{nameof(CvarFilterRole)} cannot handle {message.GetType().Name}");
        }

        Respond(new FilteredBatch(batch.Iteration, CvarFilter.Select(batch.EpisodeReturns, batch.Scores, batch.KeepCount, batch.RankBy)));
        return Task.CompletedTask;
    }
}
