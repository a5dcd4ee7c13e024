using System.Globalization;
using RaRlhf.Rl.Training;

namespace RaRlhf.Cli.Training;

/// <summary>Formats one training step as a log line: loss, validation, tokens/s and ETA.</summary>
internal static class ProgressLine
{
    public static string Format(TrainingProgress p, double tokensPerStep)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 1e-9);
        var eta = TimeSpan.FromSeconds(seconds / p.Step * (p.TotalSteps - p.Step));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} lr {p.LearningRate:E2} loss {p.TrainLoss:F4} grad_norm {p.GradNorm:F3}");
        if (p.ValidationLoss is { } v) line += string.Create(CultureInfo.InvariantCulture, $" val_loss {v:F4} val_ppl {Math.Exp(v):F1}");
        if (p.ValidationAccuracy is { } a) line += string.Create(CultureInfo.InvariantCulture, $" val_acc {a:F4}");
        return line + string.Create(CultureInfo.InvariantCulture, $" tokens/s {tokensPerStep * p.Step / seconds:F0} eta {eta:hh\\:mm\\:ss}");
    }
}
