namespace RaRlhf.Actors.Cluster;

/// <summary>Parses <c>--roles</c>: a comma-separated list of rollout, reward, learner, coordinator, or <c>all</c>.</summary>
public static class ClusterRoles
{
    public static ClusterRole Parse(string text)
    {
        var roles = ClusterRole.None;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= name.ToLowerInvariant() switch
            {
                "rollout" => ClusterRole.Rollout,
                "reward" => ClusterRole.Reward,
                "learner" => ClusterRole.Learner,
                "coordinator" => ClusterRole.Coordinator,
                "all" => ClusterRole.All,
                _ => throw new ArgumentException($"--roles: unknown role '{name}'; use rollout, reward, learner, coordinator (comma-separated) or all"),
            };
        }

        return roles == ClusterRole.None ? throw new ArgumentException("--roles: name at least one role (rollout, reward, learner, coordinator or all)") : roles;
    }
}
