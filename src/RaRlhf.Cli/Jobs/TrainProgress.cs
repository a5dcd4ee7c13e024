using System.Globalization;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;

namespace RaRlhf.Cli.Jobs;

/// <summary>The plain progress line of one iteration: its main statistics and where its wall-clock time went.</summary>
internal static class TrainProgress
{
    public static string Line(IterationCompleted e, int total)
    {
        string Stat(string key, string format = "G5") =>
            e.Metrics.TryGetValue(key, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        var seconds = new[] { Coordinator.GenerateSeconds, Coordinator.ScoreSeconds, Coordinator.LearnSeconds }
            .Sum(k => e.Metrics.GetValueOrDefault(k));
        return $"iteration {e.Iteration + 1}/{total} reward_mean {Stat("env/reward_mean")} kl {Stat("objective/kl")} " +
               $"kl_coef {Stat("objective/kl_coef")} b0 {e.KeepCount} policy v{e.PolicyVersion} " +
               $"{seconds.ToString("F1", CultureInfo.InvariantCulture)}s (generate {Stat(Coordinator.GenerateSeconds, "F1")}s " +
               $"reward {Stat(Coordinator.ScoreSeconds, "F1")}s learn {Stat(Coordinator.LearnSeconds, "F1")}s)";
    }
}
