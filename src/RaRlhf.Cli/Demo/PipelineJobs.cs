using RaRlhf.Cli.Jobs;

namespace RaRlhf.Cli.Demo;

/// <summary>The demo's jobs as the project's own entry points: <see cref="TrainJob"/> and <see cref="EvalJob"/> (the code of `train` and `eval`).</summary>
internal sealed class PipelineJobs : IDemoJobs
{
    public Task<int> TrainAsync(DemoTrainStep step, TextWriter output, CancellationToken cancellation) =>
        TrainJob.RunAsync(new TrainRequest(step.RunDirectory, step.ConfigPath, step.Overrides) { Output = output }, cancellation);

    public Task<int> EvalAsync(DemoEvalStep step, TextWriter output, CancellationToken cancellation) =>
        EvalJob.RunAsync(new EvalRequest(step.RunDirectory, step.Method, step.ModelDirectory, step.ConfigPath, step.Overrides)
        {
            PromptPrefix = step.PromptPrefix,
            PromptCount = step.PromptCount,
            Output = output,
        }, cancellation);
}
