using System.Globalization;
using RaRlhf.Rl.Evaluation;
using RaRlhf.Rl.Risk;
using RaRlhf.Tensors;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// A synthetic run directory for trying the renderer (`rarlhf report --demo-data`): made-up per-prompt rewards
/// for five methods and two training runs, with metrics.json marked "synthetic": true so the page says so.
/// Deterministic for a seed (SplitMix64). The table's reward and tail reward are computed from the synthetic
/// per-prompt data with the Evaluation types; perplexity and Dist-n are invented numbers.
/// </summary>
public static class SyntheticRun
{
    public const decimal TailQuantile = 0.1m;

    private static readonly (string Name, double Offset, double Slope, double Noise, double Perplexity, double Dist1)[] Methods =
    [
        ("base", -0.2, 0.55, 0.9, 31.5, 0.62),
        ("prompted base", 0.3, 0.50, 0.9, 33.0, 0.60),
        ("SFT", 0.7, 0.45, 0.8, 30.2, 0.58),
        ("RLHF", 1.6, 0.40, 0.7, 36.8, 0.53),
        ("RA-RLHF", 1.7, 0.20, 0.6, 37.9, 0.54),
    ];

    public static MetricsJsonDocument Write(string runDirectory, int prompts = 300, int iterations = 60, ulong seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var rng = new SplitMix64(seed);
        var promptScores = Enumerable.Range(0, prompts).Select(_ => 1.6 * Gaussian(rng) - 0.3).ToArray();
        var metrics = new List<NamedValue<MethodMetrics>>();
        foreach (var m in Methods)
        {
            var rows = promptScores
                .Select((s, i) => new PromptEvaluation(i.ToString(CultureInfo.InvariantCulture), s, m.Offset + m.Slope * s + m.Noise * Gaussian(rng)))
                .ToArray();
            EvaluationLog.Write(EvaluationLog.PathFor(runDirectory, m.Name), rows);
            var rewards = rows.Select(r => r.CompletionReward).ToArray();
            var tail = TailReward.ByQuantile(promptScores, rewards, TailQuantile);
            metrics.Add(new NamedValue<MethodMetrics>(m.Name, new MethodMetrics(
                AverageReward.Compute(rewards).Mean, tail.Mean, m.Perplexity, m.Dist1, Math.Round(m.Dist1 + 0.3, 2), Math.Round(m.Dist1 + 0.36, 2))));
        }

        IterationLog.Write(Path.Combine(runDirectory, IterationLog.RelativePath), TrainingRun("RLHF", 1m, iterations, rng).Concat(TrainingRun("RA-RLHF", 0.4m, iterations, rng)));
        var document = new MetricsJsonDocument(
            metrics,
            $"synthetic: the {TailQuantile * 100:0}% of the {prompts} prompts with the lowest prompt score (quantile q = {TailQuantile})",
            "Synthetic run report (renderer demo)",
            Synthetic: true);
        MetricsJsonWriter.Write(Path.Combine(runDirectory, MetricsJsonWriter.FileName), document);
        return document;
    }

    private static IEnumerable<IterationRecord> TrainingRun(string name, decimal alpha, int iterations, SplitMix64 rng)
    {
        const int batch = 64;
        var b0 = new RiskSchedule(batch, iterations, alpha, Warmup: iterations / 6, Rho: 0.95m).Validate().KeepCounts();
        var beta = 0.2;
        for (var m = 0; m < iterations; m++)
        {
            var progress = (double)m / iterations;
            var kl = 6 * progress + 0.3 * Gaussian(rng);
            beta *= 1 + Math.Clamp(kl / 6 - 1, -0.2, 0.2) * batch / 10000.0;
            yield return new IterationRecord(name, m, 2.2 * (1 - Math.Exp(-3 * progress)) + 0.15 * Gaussian(rng), kl, beta, b0[m]);
        }
    }

    private static double Gaussian(SplitMix64 rng)
    {
        // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
        var u = 1 - rng.NextUnit();
        var v = rng.NextUnit();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
