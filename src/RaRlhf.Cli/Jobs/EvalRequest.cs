namespace RaRlhf.Cli.Jobs;

/// <summary>
/// One `rarlhf eval`: evaluate the model in <paramref name="ModelDirectory"/> as method <paramref name="Method"/> of the
/// run in <paramref name="RunDirectory"/> (docs/evaluation.md). Prompts come from the task's validation split unless
/// <see cref="PromptsFile"/> is given; <see cref="PromptPrefix"/> is prepended for generation only (the "prompted" baseline).
/// </summary>
public sealed record EvalRequest(string RunDirectory, string Method, string ModelDirectory, string? ConfigPath, IReadOnlyList<string> Overrides)
{
    public string? PromptsFile { get; init; }

    public string TextColumn { get; init; } = "text";

    public string? PromptPrefix { get; init; }

    public int? PromptCount { get; init; }

    public TextWriter Output { get; init; } = Console.Out;
}
