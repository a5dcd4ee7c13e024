namespace RaRlhf.Rl.Training;

/// <summary>
/// Reported after every optimizer step: the step (1-based), the learning rate it used, the mean training loss of its
/// micro-batches, the validation loss / accuracy when evaluated at this step (else null), the gradient norm before
/// clipping, and the checkpoint directory when one was written.
/// </summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    double LearningRate,
    double TrainLoss,
    double GradNorm,
    double? ValidationLoss,
    double? ValidationAccuracy,
    string? Checkpoint,
    TimeSpan Elapsed);
