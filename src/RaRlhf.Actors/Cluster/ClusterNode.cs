using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// Hosts the given roles of one cluster run in this process until each has finished (the coordinator and learner when
/// all M iterations are journaled, rollout and reward nodes when they find the run finished while idle). If one role
/// fails the others are cancelled and the failure is rethrown; unacknowledged work goes back to the broker's queues.
/// </summary>
public static class ClusterNode
{
    /// <summary>Runs the roles; returns the final policy when the node hosts the coordinator, else null.</summary>
    public static async Task<PolicyPublished?> RunAsync(ClusterContext cx, ClusterRole roles, CancellationToken cancellation)
    {
        await cx.DeclareQueuesAsync(cancellation);
        Directory.CreateDirectory(cx.Workload.RunDirectory);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var ct = failed.Token;
        Task<PolicyPublished>? coordinator = null;
        var tasks = new List<Task>();
        if (roles.HasFlag(ClusterRole.Learner)) tasks.Add(new LearnerRole(cx).RunAsync(ct));
        if (roles.HasFlag(ClusterRole.Reward)) tasks.Add(new RewardRole(cx).RunAsync(ct));
        if (roles.HasFlag(ClusterRole.Rollout)) tasks.Add(new RolloutRole(cx).RunAsync(ct));
        if (roles.HasFlag(ClusterRole.Coordinator)) tasks.Add(coordinator = new CoordinatorRole(cx).RunAsync(ct));

        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (done.IsFaulted || done.IsCanceled)
            {
                await failed.CancelAsync();
                try
                {
                    await Task.WhenAll(tasks);
                }
                catch when (!done.IsCanceled)
                {
                    // The first failure is what the caller sees.
                }

                await done;
            }
        }

        return coordinator is null ? null : await coordinator;
    }
}
