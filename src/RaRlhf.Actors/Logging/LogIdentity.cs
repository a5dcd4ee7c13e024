namespace RaRlhf.Actors.Logging;

/// <summary>Who is logging: the run, the role (learner, rollout, ...) and the node (machine or process name).</summary>
public sealed record LogIdentity(string Run, string Role, string Node)
{
    /// <summary>An identity on this machine.</summary>
    public static LogIdentity Local(string run, string role) => new(run, role, Environment.MachineName);
}
