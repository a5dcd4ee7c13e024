namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>A generated chunk on the reward queue: the work item, one response (cut after EOS) per prompt, and which
/// rollout node made it (and whether the work item had been redelivered to it).</summary>
public sealed record RolloutChunk(RolloutWork Work, int[][] ResponseIds, string RolloutNode, bool Redelivered);
