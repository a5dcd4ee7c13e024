using RaRlhf.Tensors.IO;
using System.Text;
using System.Text.Json;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// <c>RUN/metrics/iterations.jsonl</c>: one JSON object per completed iteration with run, iteration, policy_version,
/// reward_mean, kl, kl_coef, b0 and every statistic under "stats". Rewritten atomically from the coordinator's journal
/// after each iteration, so after a crash it holds exactly the journaled iterations (never a torn or doubled line).
/// The path and the first fields are the report's schema (<see cref="RaRlhf.Rl.Reporting.IterationLog"/>, which reads
/// this file); policy_version and stats are extra keys the report ignores.
/// </summary>
public sealed class IterationLog(string runDirectory, string runName)
{
    public string Path { get; } = System.IO.Path.Combine(runDirectory, RaRlhf.Rl.Reporting.IterationLog.RelativePath);

    public string Line(IterationCompleted e)
    {
        var row = new Dictionary<string, object?>
        {
            ["run"] = runName,
            ["iteration"] = e.Iteration,
            ["policy_version"] = e.PolicyVersion,
            ["reward_mean"] = Stat(e, "env/reward_mean"),
            ["kl"] = Stat(e, "objective/kl"),
            ["kl_coef"] = Stat(e, "objective/kl_coef"),
            ["b0"] = e.KeepCount,
            ["stats"] = e.Metrics,
        };
        return JsonSerializer.Serialize(row);
    }

    public Task WriteAsync(IReadOnlyList<IterationCompleted> completed, CancellationToken cancellation)
    {
        var text = new StringBuilder();
        foreach (var e in completed)
        {
            text.Append(Line(e)).Append('\n');
        }

        return AtomicFile.WriteAllBytesAsync(Path, Encoding.UTF8.GetBytes(text.ToString()), cancellation);
    }

    private static double? Stat(IterationCompleted e, string key) => e.Metrics.TryGetValue(key, out var v) ? v : null;
}
