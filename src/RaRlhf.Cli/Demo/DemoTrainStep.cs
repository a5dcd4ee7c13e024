namespace RaRlhf.Cli.Demo;

/// <summary>
/// One training run of the demo: RLHF (risk.alpha = 1) or RA-RLHF (the task's α with the soft schedule), in its own
/// pipeline run directory. The job writes <c>{RunDirectory}/model/</c> at the end, which marks the step done.
/// </summary>
internal sealed record DemoTrainStep(string Method, string RunDirectory, string ConfigPath, IReadOnlyList<string> Overrides)
{
    public string ModelDirectory => Path.Combine(RunDirectory, "model");
}
