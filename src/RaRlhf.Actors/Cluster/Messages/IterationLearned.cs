using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>
/// The cluster learner's journal event for iteration m, at sequence number m + 1 (so appending it twice is a
/// concurrency conflict, not a second copy): the policy it produced (already in the blob store), the iteration's
/// <see cref="IterationCompleted"/>, where every chunk came from and the episodes of the step (null in journals of
/// builds before they were recorded), from which a restarted learner replays the steps after its last snapshot.
/// </summary>
public sealed record IterationLearned(int Iteration, PolicyPublished Policy, IterationCompleted Completed, ChunkOrigin[] Chunks,
    LearnedEpisodes? Episodes = null);
