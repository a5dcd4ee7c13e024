namespace RaRlhf.Actors.Cluster;

/// <summary>The roles a node can host (<c>--roles rollout,reward,learner,coordinator</c> or <c>all</c>).</summary>
[Flags]
public enum ClusterRole
{
    None = 0,
    Rollout = 1,
    Reward = 2,
    Learner = 4,
    Coordinator = 8,
    All = Rollout | Reward | Learner | Coordinator,
}
