namespace RaRlhf.Actors.Cluster;

/// <summary>The broker and database names of one cluster run; two runs on one broker and one database never share any.</summary>
public sealed record ClusterNames(string Run)
{
    /// <summary>Work queue of <see cref="Messages.RolloutWork"/> (coordinator → rollout nodes).</summary>
    public string RolloutQueue => $"rarlhf.{Run}.rollout";

    /// <summary>Work queue of <see cref="Messages.RolloutChunk"/> (rollout → reward nodes).</summary>
    public string RewardQueue => $"rarlhf.{Run}.reward";

    /// <summary>Work queue of <see cref="Messages.ScoredChunk"/> (reward nodes → learner).</summary>
    public string LearnQueue => $"rarlhf.{Run}.learn";

    /// <summary>Work queue of <see cref="Pipeline.Messages.LearnerStatus"/> (learner → coordinator).</summary>
    public string StatusQueue => $"rarlhf.{Run}.status";

    /// <summary>Fanout topic of <see cref="Pipeline.Messages.PolicyPublished"/> (learner → rollout nodes).</summary>
    public string PolicyTopic => $"rarlhf.{Run}.policy";

    /// <summary>PostgreSQL schema holding the run's journal, snapshots and blobs.</summary>
    public string Schema => $"rarlhf_{Run}";

    /// <summary>Journal id of the cluster learner (<see cref="Messages.IterationLearned"/> at m + 1).</summary>
    public const string LearnerId = "cluster-learner";

    /// <summary>Journal id of the coordinator (<see cref="Pipeline.Messages.IterationCompleted"/> at m + 1).</summary>
    public const string CoordinatorId = "coordinator";
}
