using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Cluster;

/// <summary>Manifests of everything cluster roles send over the broker or journal (stable names, never CLR names).
/// A message with any other type is rejected by the codec, naming the queue it came from.</summary>
public static class ClusterPayloads
{
    public static PayloadSerializer Serializer() => new(PipelinePayloads.Register(new PayloadTypeRegistry())
        .Register<RolloutWork>("cluster.rollout-work.v1")
        .Register<RolloutChunk>("cluster.rollout-chunk.v1")
        .Register<ScoredChunk>("cluster.scored-chunk.v1")
        .Register<IterationLearned>("cluster.iteration-learned.v1")
        .Register<LearnerStatus>("cluster.learner-status.v1")
        .Register<PolicyPublished>("cluster.policy-published.v1"));
}
