namespace RaRlhf.Cli.Prepare;

/// <summary>What `prepare TASK` was asked to do (Recipe overrides the task's recipe, e.g. "tiny" for tests).</summary>
internal sealed record PrepareRequest(string Task, string Out, string? Data, string Work, bool Force, bool Half, string? Recipe = null);
