namespace RaRlhf.Cli.Jobs;

/// <summary>
/// What <see cref="TrainJob.RunAsync"/> runs: the run directory (created, or resumed when it holds a run), the HOCON
/// file (null = hocon/local.conf) and <c>key=value</c> overrides. <see cref="Tiny"/> = the asset-free random run.
/// Progress lines go to <see cref="Output"/>, error messages to <see cref="Error"/>.
/// </summary>
public sealed record TrainRequest(string RunDirectory, string? ConfigPath, IReadOnlyList<string> Overrides)
{
    public bool Tiny { get; init; }

    public TextWriter Output { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;
}
