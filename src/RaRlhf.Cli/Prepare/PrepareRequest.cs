namespace RaRlhf.Cli.Prepare;

/// <summary>
/// What `prepare TASK` was asked to do. Recipe overrides the task's recipe ("tiny" for tests); Adopt takes stage outputs
/// built by hand with the recipe's commands from that directory instead of training them.
/// </summary>
internal sealed record PrepareRequest(string Task, string Out, string? Data, string Work, bool Force, bool Half, string? Recipe = null, string? Adopt = null);
