namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Command to a RolloutWorker when max staleness &gt; 0: generate rows [<paramref name="RowOffset"/>, RowOffset + n) of
/// an iteration's batch of <paramref name="BatchRows"/> prompts (<paramref name="Prompts"/> holds those n) with the
/// newest policy the worker has loaded; the answer's <see cref="Rollouts.PolicyVersion"/> says which.
/// </summary>
public sealed record GenerateLatest(PromptBatch Prompts, int RowOffset, int BatchRows);
