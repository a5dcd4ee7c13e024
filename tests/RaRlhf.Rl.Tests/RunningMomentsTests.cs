using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Tests.Fixtures;

namespace RaRlhf.Rl.Tests;

/// <summary>RunningMoments and score scaling against the TRL re-implementation (trl_core.json), tolerance 1e-5 relative.</summary>
public sealed class RunningMomentsTests
{
    [Fact]
    public void Scale_ThreeBatches_MatchesTrlScalingNormAndMoments()
    {
        var f = TrlFixture.Core.GetProperty("running_moments");
        var batches = f.GetProperty("batches").EnumerateArray().Select(b => b.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()).ToArray();
        var scaler = new RunningMoments();
        var normer = new RunningMoments();
        for (var i = 0; i < batches.Length; i++)
        {
            var scaled = scaler.Scale(batches[i], normalize: false);
            var normed = normer.Scale(batches[i], normalize: true);
            Compare.AllClose(Row(f, "scaled", i), scaled, 1e-6, 1e-5, $"scaled batch {i}");
            Compare.AllClose(Row(f, "normalized", i), normed, 1e-6, 1e-5, $"normalized batch {i}");
            var m = f.GetProperty("moments")[i];
            Compare.Close(m.Double("mean"), scaler.Mean, 1e-6, 1e-5, "running mean");
            Compare.Close(m.Double("var"), scaler.Variance, 1e-6, 1e-5, "running var");
            Compare.Close(m.Double("std"), scaler.Std, 1e-6, 1e-5, "running std");
            Compare.Close(m.Double("count"), scaler.Count, 1e-9, 0, "running count");
        }
    }

    [Fact]
    public void Update_TwoBatches_EqualsMomentsOfTheUnion()
    {
        float[] a = [1, 2, 3, 4], b = [10, 20];
        var rm = new RunningMoments();
        var (batchMean, batchStd) = rm.Update(a);
        Assert.Equal(2.5, batchMean, 12);
        Assert.Equal(Math.Sqrt(5 / 3.0), batchStd, 12);
        rm.Update(b);
        var all = a.Concat(b).Select(x => (double)x).ToArray();
        var mean = all.Average();
        var pop = all.Sum(x => (x - mean) * (x - mean)) / all.Length;
        Assert.Equal(mean, rm.Mean, 9);
        Assert.Equal(pop, rm.Variance, 6); // the 1e-24 prior count leaves a ~1e-24 trace only
        Assert.Equal(Math.Sqrt(pop * 6 / 5), rm.Std, 6);
    }

    [Fact]
    public void Settings_ScoreNormWithoutScaling_Invalid()
    {
        Assert.Contains("'use_score_norm'", Assert.Throws<ArgumentException>(() => new PpoSettings { UseScoreNorm = true }.Validate()).Message);
    }

    private static float[] Row(System.Text.Json.JsonElement f, string key, int i) =>
        f.GetProperty(key)[i].EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
}
