using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Training;
using RaRlhf.Testing;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// One full PPO step of <see cref="PpoTrainer"/> on a tiny GPT-2 + value head (2 layers, 32 dims, vocab 64, B 4,
/// queries 3–5, responses 4–6, 2 epochs × 2 mini-batches, lr 5e-3 so ratios clip) against the torch float64
/// reference of Fixtures/make_ppo_step_fixture.py: forward quantities, statistics, and parameters after the step.
/// Cases: α = 1 (B0 = B), and CVaR B0 = 2 with max_grad_norm = 1.
/// </summary>
public sealed class PpoTrainerTorchParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("ppo_step_alpha1.json")]
    [InlineData("ppo_step_cvar.json")]
    public void Step_TorchFixture_StatsAndParametersMatch(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Rl.Tests", "Training", "Fixtures", name)));
        var f = doc.RootElement;
        var s = f.GetProperty("settings");
        var settings = new PpoSettings
        {
            LearningRate = s.GetProperty("learning_rate").GetDouble(),
            BatchSize = s.GetProperty("batch_size").GetInt32(),
            MiniBatchSize = s.GetProperty("mini_batch_size").GetInt32(),
            PpoEpochs = s.GetProperty("ppo_epochs").GetInt32(),
            Seed = s.GetProperty("seed").GetInt32(),
            MaxGradNorm = s.GetProperty("max_grad_norm").ValueKind == JsonValueKind.Null ? null : s.GetProperty("max_grad_norm").GetDouble(),
        };
        var config = TinyGpt2.Config();
        var policy = TinyGpt2.Generated(config, Gpt2Heads.Value, f.GetProperty("policy_seed").GetUInt64());
        var reference = TinyGpt2.Generated(config, Gpt2Heads.None, f.GetProperty("reference_seed").GetUInt64());
        var before = (float[])policy.Parameters.Clone();
        var c = config.NEmbd;
        var episodes = new PpoEpisodes(Ints(f.GetProperty("queries")), Ints(f.GetProperty("responses")), Floats(f.GetProperty("scores")));

        var report = new PpoTrainer(policy, reference, settings).Step(episodes, f.GetProperty("keep").GetInt32());

        var batch = report.Batch;
        output.WriteLine($"old logprobs max diff {RowsDiff(f.GetProperty("old_logprobs"), batch.OldLogProbs, 2e-5):E2}");
        output.WriteLine($"values max diff {RowsDiff(f.GetProperty("values"), batch.Values, 2e-5):E2}");
        output.WriteLine($"episode returns max diff {Compare.AllClose(Floats(f.GetProperty("episode_returns")), batch.EpisodeReturns, 2e-5, 1e-5, "episode return"):E2}");

        double maxStat = 0;
        foreach (var stat in f.GetProperty("stats").EnumerateObject())
        {
            maxStat = Math.Max(maxStat, Compare.Close(stat.Value.GetDouble(), report[stat.Name], 1e-5, 1e-5, stat.Name));
        }

        output.WriteLine($"{f.GetProperty("stats").EnumerateObject().Count()} stats, max diff {maxStat:E2} (tolerance 1e-5 abs + 1e-5 rel)");

        double maxParam = 0, maxDeltaSum = 0;
        foreach (var p in f.GetProperty("params").EnumerateObject())
        {
            var view = policy.Layout[p.Name];
            // The key bias (c_attn.bias[C, 2C)) has an analytically zero gradient (softmax ignores a per-query constant):
            // both sides step on rounding noise, which Adam normalises to O(lr) moves; it is checked only for |Δ| ≤ 4·lr.
            var keyBias = p.Name.EndsWith("attn.c_attn.bias", StringComparison.Ordinal);
            var index = p.Value.GetProperty("sample_index").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var expected = Floats(p.Value.GetProperty("sample"));
            var keep = Enumerable.Range(0, index.Length).Where(k => !keyBias || index[k] < c || index[k] >= 2 * c).ToArray();
            var actual = keep.Select(k => policy.Parameters[view.Offset + index[k]]).ToArray();
            maxParam = Math.Max(maxParam, Compare.AllClose(keep.Select(k => expected[k]).ToArray(), actual, 1e-6, 0, p.Name));
            if (keyBias)
            {
                for (var i = c; i < 2 * c; i++)
                {
                    Assert.True(Math.Abs(policy.Parameters[view.Offset + i] - before[view.Offset + i]) <= 4 * settings.LearningRate, $"{p.Name}[{i}] moved too far");
                }

                continue;
            }

            double deltaSum = 0, deltaAbs = 0;
            for (var i = 0; i < view.Length; i++)
            {
                var d = (double)policy.Parameters[view.Offset + i] - before[view.Offset + i];
                deltaSum += d;
                deltaAbs += Math.Abs(d);
            }

            var tol = 1e-4 * view.Length * settings.LearningRate; // 1e-4 of one Adam step per element
            maxDeltaSum = Math.Max(maxDeltaSum, Compare.Close(p.Value.GetProperty("delta_sum").GetDouble(), deltaSum, tol, 1e-3, p.Name + " Σ delta"));
            Compare.Close(p.Value.GetProperty("delta_abs_sum").GetDouble(), deltaAbs, tol, 1e-3, p.Name + " Σ |delta|");
        }

        output.WriteLine($"parameter samples max diff {maxParam:E2} (tolerance 1e-6), Σ delta max diff {maxDeltaSum:E2}");
        Assert.True(report["ppo/policy/clipfrac"] > 0, "the case must exercise the clipped branch");
    }

    private static double RowsDiff(JsonElement expectedRows, TokenMatrix actual, double tol)
    {
        double max = 0;
        var b = 0;
        foreach (var row in expectedRows.EnumerateArray())
        {
            var e = Floats(row);
            max = Math.Max(max, Compare.AllClose(e, actual.Row(b)[..e.Length], tol, 1e-5, $"row {b}"));
            b++;
        }

        return max;
    }

    private static int[][] Ints(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();

    private static float[] Floats(JsonElement xs) => xs.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
}
