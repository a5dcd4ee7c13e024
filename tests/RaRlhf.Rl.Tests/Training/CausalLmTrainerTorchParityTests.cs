using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Testing;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// 3 optimizer steps of <see cref="CausalLmTrainer"/> (padded corpus, batch 2 × accumulation 2, clipping, AdamW,
/// warmup + cosine, seeded shuffle) against the torch float64 reference of Fixtures/make_lm_steps_fixture.py.
/// </summary>
public sealed class CausalLmTrainerTorchParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_TorchFixture_LossesLearningRatesAndParametersMatch()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Rl.Tests", "Training", "Fixtures", "lm_steps.json")));
        var f = doc.RootElement;
        var s = f.GetProperty("settings");
        var model = TinyGpt2.Generated(TinyGpt2.Config(), Gpt2Heads.None, f.GetProperty("weight_seed").GetUInt64());
        var settings = new CausalLmSettings
        {
            LearningRate = s.GetProperty("learning_rate").GetDouble(),
            WarmupSteps = s.GetProperty("warmup_steps").GetInt32(),
            TotalSteps = s.GetProperty("total_steps").GetInt32(),
            BatchSize = s.GetProperty("batch_size").GetInt32(),
            GradientAccumulationSteps = s.GetProperty("gradient_accumulation_steps").GetInt32(),
            WeightDecay = s.GetProperty("weight_decay").GetDouble(),
            MaxGradNorm = s.GetProperty("max_grad_norm").GetDouble(),
            Seed = s.GetProperty("seed").GetUInt64(),
            EvalEvery = 0,
        };
        var documents = f.GetProperty("documents").EnumerateArray().Select(d => d.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToList();
        var reports = new List<TrainingProgress>();

        new CausalLmTrainer(model, settings).Train(LmCorpus.Padded(documents, 16), progress: reports.Add);

        double maxLoss = 0, maxNorm = 0;
        for (var k = 0; k < reports.Count; k++)
        {
            maxLoss = Math.Max(maxLoss, Compare.Close(f.GetProperty("losses")[k].GetDouble(), reports[k].TrainLoss, 1e-5, 1e-6, $"loss {k}"));
            maxNorm = Math.Max(maxNorm, Compare.Close(f.GetProperty("grad_norms")[k].GetDouble(), reports[k].GradNorm, 1e-5, 1e-5, $"grad norm {k}"));
            Compare.Close(f.GetProperty("learning_rates")[k].GetDouble(), reports[k].LearningRate, 1e-12, 1e-9, $"lr {k}");
        }

        double maxParam = 0;
        foreach (var p in f.GetProperty("params").EnumerateObject())
        {
            var view = model.Layout[p.Name];
            var keyBias = p.Name.EndsWith("attn.c_attn.bias", StringComparison.Ordinal); // zero true gradient, see PPO parity test
            var index = p.Value.GetProperty("sample_index").EnumerateArray().Select(x => x.GetInt32())
                .Where(i => !keyBias || i < 32 || i >= 64).ToArray();
            var expected = p.Value.GetProperty("sample").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var allIndex = p.Value.GetProperty("sample_index").EnumerateArray().Select(x => x.GetInt32()).ToList();
            foreach (var i in index)
            {
                maxParam = Math.Max(maxParam, Compare.Close(expected[allIndex.IndexOf(i)], model.Parameters[view.Offset + i], 1e-6, 0, $"{p.Name}[{i}]"));
            }
        }

        output.WriteLine($"losses max diff {maxLoss:E2} (tol 1e-5), grad norms {maxNorm:E2} (tol 1e-5), parameter samples {maxParam:E2} (tol 1e-6)");
    }
}
