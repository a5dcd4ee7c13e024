using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>The role actors the coordinator drives; a batch is split across the <see cref="Scorers"/> in contiguous chunks.</summary>
public sealed record PipelineRoles(ActorRef Sampler, ActorRef Scheduler, ActorRef Worker, IReadOnlyList<ActorRef> Scorers, ActorRef Learner)
{
    /// <summary>Every rollout worker (default: <see cref="Worker"/> alone); a batch is split across them in contiguous chunks.</summary>
    public IReadOnlyList<ActorRef> Workers { get; init; } = [Worker];
}
