namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>Where one chunk of a learned iteration came from, and its episode ids ("m:row"), kept in the learner's
/// journal so a run can be audited: every episode learned once, none lost.</summary>
public sealed record ChunkOrigin(int Chunk, string RolloutNode, string RewardNode, bool Redelivered, string[] EpisodeIds);
