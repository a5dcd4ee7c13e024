namespace RaRlhf.Rl.Training;

/// <summary>
/// Hugging Face <c>get_cosine_schedule_with_warmup</c> (num_cycles 0.5) with an optional floor: for optimizer step s
/// (0-based, the rate used by that step), lr = peak·s/warmup while s &lt; warmup, then
/// lr = min + (peak − min)·½(1 + cos(π·p)), p = (s − warmup)/(total − warmup) clamped to [0, 1].
/// </summary>
public sealed record WarmupCosineSchedule(double PeakLearningRate, int WarmupSteps, int TotalSteps, double MinLearningRate = 0)
{
    public double At(long step)
    {
        if (PeakLearningRate <= 0 || MinLearningRate < 0 || MinLearningRate > PeakLearningRate || WarmupSteps < 0 || TotalSteps < 1)
        {
            throw new ArgumentException($"invalid learning-rate schedule {this}: need peak > 0, 0 ≤ min ≤ peak, warmup ≥ 0, total ≥ 1");
        }

        if (step < WarmupSteps)
        {
            return PeakLearningRate * step / WarmupSteps;
        }

        var progress = Math.Clamp((double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps), 0, 1);
        return MinLearningRate + (PeakLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
