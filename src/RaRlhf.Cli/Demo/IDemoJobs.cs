namespace RaRlhf.Cli.Demo;

/// <summary>
/// The two jobs the demo orchestrates. The command uses <see cref="PipelineJobs"/> (TrainJob / EvalJob, the same code
/// as `train` and `eval`); tests inject their own to check the orchestration without training a model.
/// Both return the job's exit code (0 done, 2 bad input, 130 cancelled).
/// </summary>
internal interface IDemoJobs
{
    Task<int> TrainAsync(DemoTrainStep step, TextWriter output, CancellationToken cancellation);

    Task<int> EvalAsync(DemoEvalStep step, TextWriter output, CancellationToken cancellation);
}
