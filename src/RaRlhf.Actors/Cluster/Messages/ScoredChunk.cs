namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>A scored chunk on the learner queue: one finite score per episode, the scorer's extra metrics and which
/// reward node scored it.</summary>
public sealed record ScoredChunk(RolloutChunk Rollout, float[] Scores, Dictionary<string, double> Extra, string RewardNode)
{
    public RolloutWork Work => Rollout.Work;
}
