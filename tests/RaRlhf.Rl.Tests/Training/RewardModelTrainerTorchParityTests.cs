using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Testing;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// 3 optimizer steps of <see cref="RewardModelTrainer"/> (2 labels, batches of 4 with drop_last across an epoch boundary,
/// clipping, AdamW, warmup + cosine) against the torch float64 reference of Fixtures/make_rm_steps_fixture.py.
/// </summary>
public sealed class RewardModelTrainerTorchParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_TorchFixture_LossesAndParametersMatch()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Rl.Tests", "Training", "Fixtures", "rm_steps.json")));
        var f = doc.RootElement;
        var s = f.GetProperty("settings");
        var model = TinyGpt2.Generated(TinyGpt2.Config(), Gpt2Heads.Score, f.GetProperty("weight_seed").GetUInt64(), numLabels: 2);
        var settings = new RewardModelSettings
        {
            LearningRate = s.GetProperty("learning_rate").GetDouble(),
            WarmupSteps = s.GetProperty("warmup_steps").GetInt32(),
            TotalSteps = s.GetProperty("total_steps").GetInt32(),
            BatchSize = s.GetProperty("batch_size").GetInt32(),
            WeightDecay = s.GetProperty("weight_decay").GetDouble(),
            MaxGradNorm = s.GetProperty("max_grad_norm").GetDouble(),
            Seed = s.GetProperty("seed").GetUInt64(),
            EvalEvery = 0,
        };
        var labels = f.GetProperty("labels").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var data = f.GetProperty("texts").EnumerateArray()
            .Select((t, i) => new LabeledSequence(t.EnumerateArray().Select(x => x.GetInt32()).ToArray(), labels[i])).ToList();
        var reports = new List<TrainingProgress>();

        new RewardModelTrainer(model, settings).Train(data, progress: reports.Add);

        double maxLoss = 0, maxNorm = 0, maxParam = 0;
        for (var k = 0; k < reports.Count; k++)
        {
            maxLoss = Math.Max(maxLoss, Compare.Close(f.GetProperty("losses")[k].GetDouble(), reports[k].TrainLoss, 1e-5, 1e-6, $"loss {k}"));
            maxNorm = Math.Max(maxNorm, Compare.Close(f.GetProperty("grad_norms")[k].GetDouble(), reports[k].GradNorm, 1e-5, 1e-5, $"grad norm {k}"));
        }

        foreach (var p in f.GetProperty("params").EnumerateObject())
        {
            var view = model.Layout[p.Name];
            var keyBias = p.Name.EndsWith("attn.c_attn.bias", StringComparison.Ordinal); // zero true gradient, see PPO parity test
            var index = p.Value.GetProperty("sample_index").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var sample = p.Value.GetProperty("sample").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            for (var k = 0; k < index.Length; k++)
            {
                if (keyBias && index[k] is >= 32 and < 64) continue;
                maxParam = Math.Max(maxParam, Compare.Close(sample[k], model.Parameters[view.Offset + index[k]], 1e-6, 0, $"{p.Name}[{index[k]}]"));
            }
        }

        output.WriteLine($"losses max diff {maxLoss:E2} (tol 1e-5), grad norms {maxNorm:E2} (tol 1e-5), parameter samples {maxParam:E2} (tol 1e-6)");
    }
}
