namespace RaRlhf.Cli.Training;

/// <summary>Command-line knobs of a reward-model run.</summary>
internal sealed record RewardRunSettings(int MaxLength, int BatchSize, int Steps, double LearningRate, int WarmupSteps, int EvalEvery, ulong Seed)
{
    public void Validate(int nPositions)
    {
        TrainingNumbers.Require(MaxLength >= 1 && MaxLength <= nPositions, "--seq", $"between 1 and the model's n_positions {nPositions}");
        TrainingNumbers.Require(BatchSize >= 1, "--batch", "≥ 1");
        TrainingNumbers.Require(Steps >= 1, "--steps", "≥ 1");
        TrainingNumbers.Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", "a finite number > 0");
        TrainingNumbers.Require(WarmupSteps >= 0, "--warmup", "≥ 0");
        TrainingNumbers.Require(EvalEvery >= 0, "--val-every", "≥ 0 (0 = only at the end)");
    }
}
