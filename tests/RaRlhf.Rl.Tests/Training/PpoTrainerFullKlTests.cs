using RaRlhf.Models;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Training;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// kl_penalty "full": the non-score rewards of the step must be −β·KL(π‖π_ref) of the next-token distributions,
/// recomputed here naively in double from unpadded single-episode forwards of both models.
/// </summary>
public sealed class PpoTrainerFullKlTests(ITestOutputHelper output)
{
    [Fact]
    public void Step_FullKlPenalty_NonScoreRewardsAreMinusBetaTimesNaiveKl()
    {
        var config = TinyGpt2.Config();
        var policy = TinyGpt2.Generated(config, Gpt2Heads.Value, 1234);
        var reference = TinyGpt2.Generated(config, Gpt2Heads.None, 4321);
        int[][] queries = [[1, 2, 3], [4, 5], [6, 7, 8, 9]];
        int[][] responses = [[10, 11, 12, 13], [14, 15], [16, 17, 18]];
        var settings = new PpoSettings { BatchSize = 3, MiniBatchSize = 3, PpoEpochs = 1, KlPenalty = KlPenaltyKind.Full };
        var beta = settings.InitKlCoef;

        // Naive reference first: the step changes the policy.
        var expected = new List<double[]>();
        for (var b = 0; b < 3; b++)
        {
            var ids = queries[b].Concat(responses[b]).ToArray();
            var p = Logits(policy, ids);
            var r = Logits(reference, ids);
            expected.Add(Enumerable.Range(0, responses[b].Length).Select(t => -beta * Kl(p[queries[b].Length + t - 1], r[queries[b].Length + t - 1])).ToArray());
        }

        var report = new PpoTrainer(policy, reference, settings).Step(new PpoEpisodes(queries, responses, [1f, -1f, 0.5f]));

        double max = 0;
        for (var b = 0; b < 3; b++)
        {
            for (var t = 0; t < responses[b].Length; t++)
            {
                max = Math.Max(max, Compare.Close(expected[b][t], report.Batch.NonScoreRewards[b, t], 1e-6, 1e-4, $"non-score reward ({b}, {t})"));
                Assert.True(expected[b][t] < 0, "full KL of different models is positive");
            }
        }

        output.WriteLine($"full-KL non-score rewards max diff {max:E2} (tolerance 1e-6 + 1e-4 rel)");
    }

    private static double[][] Logits(Gpt2Model model, int[] ids)
    {
        model.Forward(ids, ReadOnlySpan<float>.Empty, 1, ids.Length);
        var v = model.Config.VocabSize;
        return Enumerable.Range(0, ids.Length).Select(t => model.Logits.Span.Slice(t * v, v).ToArray().Select(x => (double)x).ToArray()).ToArray();
    }

    private static double Kl(double[] logits, double[] refLogits)
    {
        double Lse(double[] x) => x.Max() + Math.Log(x.Sum(z => Math.Exp(z - x.Max())));
        double lp = Lse(logits), lr = Lse(refLogits), kl = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            kl += Math.Exp(logits[i] - lp) * (logits[i] - lp - (refLogits[i] - lr));
        }

        return kl;
    }
}
