using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>The episodes one PPO step learned from (in step order) and the CVaR keep count: with them the learner
/// journal alone can redo the step, so a learner snapshot is needed only now and then (cluster.snapshot_every).</summary>
public sealed record LearnedEpisodes(int[][] Queries, int[][] Responses, float[] Scores, int KeepCount)
{
    public PpoEpisodes ToPpo() => new(Queries, Responses, Scores);
}
