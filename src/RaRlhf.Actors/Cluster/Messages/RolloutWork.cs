using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Cluster.Messages;

/// <summary>
/// A work item of the rollout queue, id (<paramref name="Iteration"/>, <paramref name="Chunk"/>): generate rows
/// [<paramref name="Start"/>, Start + Prompts.Count) of iteration m's batch of <paramref name="BatchSize"/> with policy
/// <paramref name="Policy"/>. It carries the iteration's risk level on to the learner, so no role keeps per-iteration
/// state in memory that a crash could lose.
/// </summary>
public sealed record RolloutWork(
    int Iteration,
    int Chunk,
    int Chunks,
    int BatchSize,
    int Start,
    int[] Indices,
    int[][] Prompts,
    PolicyPublished Policy,
    RiskLevel Risk)
{
    /// <summary>"m/c", for logs and errors.</summary>
    public string Id => $"{Iteration}/{Chunk}";

    /// <summary>Episode id of the chunk's i-th row: "m:row" with the row's index in the whole batch.</summary>
    public string EpisodeId(int i) => $"{Iteration}:{Start + i}";
}
