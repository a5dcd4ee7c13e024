namespace RaRlhf.Cli.Demo;

/// <summary>
/// One evaluated method: its model on the run's validation prompts, optionally with a steering prefix before each
/// prompt ("prompted base"). The job writes <c>{RunDirectory}/eval/{Method}.jsonl</c> and merges the method into
/// <c>{RunDirectory}/metrics.json</c>.
/// </summary>
internal sealed record DemoEvalStep(
    string Method,
    string RunDirectory,
    string ModelDirectory,
    string ConfigPath,
    IReadOnlyList<string> Overrides,
    string? PromptPrefix,
    int PromptCount);
