namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to a RolloutWorker: generate rows [<paramref name="RowOffset"/>, RowOffset + n) of an iteration's
/// batch of <paramref name="BatchRows"/> prompts (<paramref name="Part"/> holds those n), sampling each row exactly as
/// the whole batch would; answered with the part's <see cref="Rollouts"/>.</summary>
public sealed record GenerateRows(Generate Part, int RowOffset, int BatchRows);
