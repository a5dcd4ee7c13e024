using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>The role actors the coordinator drives.</summary>
public sealed record PipelineRoles(ActorRef Sampler, ActorRef Scheduler, ActorRef Worker, ActorRef Scorer, ActorRef Learner);
