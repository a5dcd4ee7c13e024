using System.Globalization;
using System.Text.RegularExpressions;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// The per-iteration timings a cluster run's nodes print (rollout "generate", reward "score", learner "step", and the
/// coordinator's iteration completions), read back to measure the pipeline overhead inside the run: the share of
/// an iteration not spent in generation, scoring or learning. The work of iteration m is its critical path with
/// one rollout and one reward node: chunk c is scored once it is generated and the previous chunk is scored, while
/// the rollout node goes on with chunk c + 1; the learner steps after the last score. Measured by the same
/// processes in the same run, it needs no reference run (whose process would warm up differently).
/// </summary>
public sealed partial class ClusterTimings
{
    private readonly Dictionary<(int Iteration, int Chunk), double> _generateMs = [];
    private readonly Dictionary<(int Iteration, int Chunk), double> _scoreMs = [];
    private readonly Dictionary<int, double> _stepMs = [];
    private readonly Dictionary<int, double> _completedAt = []; // 0-based iteration → seconds on the run's clock

    /// <summary>Takes one output line of a node (others are ignored), seen at <paramref name="seconds"/>.</summary>
    public void Read(string line, double seconds)
    {
        if (ReadGenerated(line) is { } g) _generateMs[(g.Iteration, g.Chunk)] = g.Ms;
        else if (Scored().Match(line) is { Success: true } s) _scoreMs[Key(s)] = Number(s, "ms");
        else if (Learned().Match(line) is { Success: true } l) _stepMs[(int)Number(l, "m")] = Number(l, "ms");
        else if (Completed().Match(line) is { Success: true } c) _completedAt[(int)Number(c, "n") - 1] = seconds;
    }

    /// <summary>A rollout node's "NODE: rollout generated m/c: … generate N" line (<see cref="RolloutRole.GeneratedLine"/>), or null.</summary>
    public static (string Node, int Iteration, int Chunk, double Ms)? ReadGenerated(string line) =>
        Generated().Match(line) is { Success: true } g
            ? (g.Groups["node"].Value, (int)Number(g, "m"), (int)Number(g, "c"), Number(g, "ms"))
            : null;

    /// <summary>Mean seconds between iteration completions after <paramref name="warmUp"/> iterations.</summary>
    public double SecondsPerIteration(int warmUp)
    {
        var steady = SteadyIterations(warmUp);
        return steady.Count == 0 ? double.NaN : steady.Average(m => _completedAt[m] - _completedAt[m - 1]);
    }

    /// <summary>1 − (critical-path work) / (iteration time), summed over the steady iterations.</summary>
    public double Overhead(int warmUp)
    {
        var steady = SteadyIterations(warmUp).Where(m => _stepMs.ContainsKey(m) && _generateMs.ContainsKey((m, 0))).ToList();
        if (steady.Count == 0) return double.NaN;
        var work = steady.Sum(WorkSeconds);
        var wall = steady.Sum(m => _completedAt[m] - _completedAt[m - 1]);
        return 1 - work / wall;
    }

    /// <summary>The critical path of iteration <paramref name="m"/>'s work, in seconds.</summary>
    public double WorkSeconds(int m)
    {
        double generated = 0, scored = 0;
        for (var c = 0; _generateMs.TryGetValue((m, c), out var gen); c++)
        {
            generated += gen;
            scored = Math.Max(scored, generated) + _scoreMs.GetValueOrDefault((m, c));
        }

        return (scored + _stepMs.GetValueOrDefault(m)) / 1000;
    }

    private List<int> SteadyIterations(int warmUp) =>
        _completedAt.Keys.Where(m => m >= Math.Max(1, warmUp) && _completedAt.ContainsKey(m - 1)).Order().ToList();

    private static (int, int) Key(Match match) => ((int)Number(match, "m"), (int)Number(match, "c"));

    private static double Number(Match match, string group) =>
        double.Parse(match.Groups[group].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<node>[^:]+): rollout generated (?<m>\d+)/(?<c>\d+): .* generate (?<ms>\d+(\.\d+)?)$")]
    private static partial Regex Generated();

    [GeneratedRegex(@": reward scored (?<m>\d+)/(?<c>\d+): ms score (?<ms>\d+(\.\d+)?)$")]
    private static partial Regex Scored();

    [GeneratedRegex(@": learned iteration (?<m>\d+) .* ms step (?<ms>\d+(\.\d+)?)")]
    private static partial Regex Learned();

    [GeneratedRegex(@": iteration (?<n>\d+)/\d+ ")]
    private static partial Regex Completed();
}
