using RaRlhf.Rl.Ppo;
using RaRlhf.Tensors;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests;

/// <summary>
/// The analytic dLoss/dLogProbs and dLoss/dValues against central differences of the loss itself,
/// (L(x + h) − L(x − h)) / 2h with h = 1e-3 on one element at a time, on a random batch (SplitMix64).
/// Elements within 2h of a kink (a clip boundary, or where the two terms of a max swap) are excluded since
/// the loss is not differentiable there. Tolerance 2e-4 absolute (float inputs, double loss).
/// </summary>
public sealed class FiniteDifferenceTests(ITestOutputHelper output)
{
    private const float H = 1e-3f;

    [Theory]
    [InlineData(1UL, 1.0)]
    [InlineData(2UL, 0.5)]
    [InlineData(3UL, 1.0)]
    public void PpoLoss_RandomBatch_GradientsMatchCentralDifferences(ulong seed, double lossScale)
    {
        const int B = 4, T = 7;
        var rng = new SplitMix64(seed);
        var mask = Random(rng, B, T, 0, 1);
        for (var i = 0; i < mask.Data.Length; i++)
        {
            mask.Data[i] = mask.Data[i] < 0.8f ? 1 : 0;
        }

        for (var b = 0; b < B; b++)
        {
            mask[b, 0] = 1;
        }

        var logp = Random(rng, B, T, -3, -0.1f);
        var rollout = new PpoRollout(Random(rng, 1, B, -2, 2).Data, logp, Random(rng, B, T, -3, -0.1f), Random(rng, B, T, -1, 1), mask);
        var settings = new PpoSettings { BatchSize = B, MiniBatchSize = B };
        var batch = PpoBatch.Prepare(rollout, settings, 0.2);
        var rows = Enumerable.Range(0, B).ToArray();
        var newLogp = logp.Clone();
        var vpred = batch.Values.Clone();
        for (var i = 0; i < newLogp.Data.Length; i++)
        {
            newLogp.Data[i] += (float)(rng.NextUnit() * 0.8 - 0.4);
            vpred.Data[i] += (float)(rng.NextUnit() * 0.8 - 0.4);
        }

        var analytic = PpoLoss.Compute(batch, rows, newLogp, vpred, settings, lossScale: lossScale);
        double maxLp = 0, maxV = 0;
        int checkedLp = 0, checkedV = 0;
        for (var i = 0; i < newLogp.Data.Length; i++)
        {
            if (SmoothInLogProb(batch, newLogp, i, settings.ClipRange))
            {
                var fd = lossScale * Central(x => PpoLoss.Compute(batch, rows, x, vpred, settings).Loss, newLogp, i);
                maxLp = Math.Max(maxLp, Math.Abs(fd - analytic.GradLogProbs.Data[i]));
                Assert.True(Math.Abs(fd - analytic.GradLogProbs.Data[i]) < 2e-4, $"dL/dlogp[{i}]: analytic {analytic.GradLogProbs.Data[i]}, numeric {fd}");
                checkedLp++;
            }

            if (SmoothInValue(batch, vpred, i, settings.ClipRangeValue))
            {
                var fd = lossScale * Central(x => PpoLoss.Compute(batch, rows, newLogp, x, settings).Loss, vpred, i);
                maxV = Math.Max(maxV, Math.Abs(fd - analytic.GradValues.Data[i]));
                Assert.True(Math.Abs(fd - analytic.GradValues.Data[i]) < 2e-4, $"dL/dv[{i}]: analytic {analytic.GradValues.Data[i]}, numeric {fd}");
                checkedV++;
            }
        }

        output.WriteLine($"seed {seed}: checked {checkedLp} log-prob and {checkedV} value elements of {B * T}; " +
                         $"max |analytic − numeric| {maxLp:E2} / {maxV:E2}");
        Assert.True(checkedLp > B * T / 3 && checkedV > B * T / 3, "too few smooth elements were checked");
    }

    private static double Central(Func<TokenMatrix, double> loss, TokenMatrix x, int i)
    {
        var orig = x.Data[i];
        x.Data[i] = orig + H;
        var up = loss(x);
        var hUp = (double)x.Data[i] - orig;
        x.Data[i] = orig - H;
        var down = loss(x);
        var hDown = orig - (double)x.Data[i];
        x.Data[i] = orig;
        return (up - down) / (hUp + hDown);
    }

    private static bool SmoothInLogProb(PreparedBatch batch, TokenMatrix logp, int i, double eps)
    {
        var logRatio = logp.Data[i] - batch.OldLogProbs.Data[i];
        var margin = 2 * H;
        return Math.Abs(logRatio - Math.Log(1 - eps)) > margin && Math.Abs(logRatio - Math.Log(1 + eps)) > margin;
    }

    private static bool SmoothInValue(PreparedBatch batch, TokenMatrix v, int i, double epsV)
    {
        double x = v.Data[i], old = batch.Values.Data[i], ret = batch.Returns.Data[i];
        var margin = 2 * H;
        var clipped = Math.Clamp(x, old - epsV, old + epsV);
        // Kinks: the clip edges, and where (x − R)² = (clip(x) − R)² with x outside the range.
        var inside = x > old - epsV && x < old + epsV;
        return Math.Abs(x - (old - epsV)) > margin && Math.Abs(x - (old + epsV)) > margin
            && (inside || Math.Abs(Math.Abs(x - ret) - Math.Abs(clipped - ret)) > margin);
    }

    private static TokenMatrix Random(SplitMix64 rng, int rows, int cols, float lo, float hi)
    {
        var m = new TokenMatrix(rows, cols);
        for (var i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = (float)(lo + (hi - lo) * rng.NextUnit());
        }

        return m;
    }
}
