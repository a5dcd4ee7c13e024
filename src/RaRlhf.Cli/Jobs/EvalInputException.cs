namespace RaRlhf.Cli.Jobs;

/// <summary>Bad input to `rarlhf eval` (missing model, unusable prompts, conflicting metrics.json): exit code 2.</summary>
internal sealed class EvalInputException(string message) : Exception(message);
