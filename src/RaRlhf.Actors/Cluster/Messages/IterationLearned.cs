using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>
/// The cluster learner's journal event for iteration m, at sequence number m + 1 (so appending it twice is a
/// concurrency conflict, not a second copy): the policy it produced (already in the blob store), the iteration's
/// <see cref="IterationCompleted"/> and where every chunk came from.
/// </summary>
public sealed record IterationLearned(int Iteration, PolicyPublished Policy, IterationCompleted Completed, ChunkOrigin[] Chunks);
