namespace RaRlhf.Cli.Training;

/// <summary>Command-line knobs of a pretraining / SFT run (Packed = pretraining windows; otherwise one padded example per document).</summary>
internal sealed record LmRunSettings(int SequenceLength, int BatchSize, int Steps, double LearningRate, int WarmupSteps, int EvalEvery, ulong Seed, bool Packed)
{
    public void Validate(int nPositions)
    {
        TrainingNumbers.Require(SequenceLength >= 2 && SequenceLength <= nPositions, "--seq", $"between 2 and the model's n_positions {nPositions}");
        TrainingNumbers.Require(BatchSize >= 1, "--batch", "≥ 1");
        TrainingNumbers.Require(Steps >= 1, "--steps", "≥ 1");
        TrainingNumbers.Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", "a finite number > 0");
        TrainingNumbers.Require(WarmupSteps >= 0, "--warmup", "≥ 0");
        TrainingNumbers.Require(EvalEvery >= 0, "--val-every", "≥ 0 (0 = only at the end)");
    }
}
