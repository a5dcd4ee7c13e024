using RaRlhf.Models.Training;
using RaRlhf.Tensors.Optim;
using Xunit.Abstractions;

namespace RaRlhf.Models.Tests;

/// <summary>
/// Our float32 GPT-2 against a float64 nanoGPT-style torch GPT-2 (Fixtures/make_gpt2_fixtures.py) on the same weights.
/// Tolerances are float32-vs-float64 error budgets; every test prints its max difference.
/// </summary>
public sealed class Gpt2TorchParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures => new() { "gpt2_tiny_random.json", "gpt2_random_50257.json" };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Forward_FixtureWeights_LogitsMatchTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var model = TorchFixture.Model(name, f);
        model.Forward(f.Ints("ids"), [], f.B, f.T);
        var logits = model.Logits.ToArray();
        var maxDiff = MaxDiff(f.Ints("logits_sample_index").Select(i => (double)logits[i]), f.Doubles("logits_sample"));
        var rowSums = RowSums(logits, f.B * f.T, model.Config.VocabSize);
        var maxRowDiff = MaxDiff(rowSums, f.Doubles("logits_row_sum"));
        output.WriteLine($"{name}: logits max |diff| {maxDiff:E2}, row-sum max |diff| {maxRowDiff:E2}");
        Assert.True(maxDiff < 1e-5, $"logits differ by {maxDiff}");
        Assert.True(maxRowDiff < 1e-4 * model.Config.VocabSize, $"logit row sums differ by {maxRowDiff}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Forward_LeftPaddedRow_LogitsMatchTorchAtTokens(string name)
    {
        var f = TorchFixture.Load(name);
        var model = TorchFixture.Model(name, f);
        var mask = f.Ints("padded", "mask").Select(m => (float)m).ToArray();
        model.Forward(f.Ints("padded", "ids"), mask, f.B, f.T);
        var logits = model.Logits.ToArray();
        var v = model.Config.VocabSize;
        var index = f.Ints("logits_sample_index");
        var expected = f.Doubles("padded", "logits_sample");
        var kept = Enumerable.Range(0, index.Length).Where(k => mask[index[k] / v] != 0f).ToArray();
        var maxDiff = MaxDiff(kept.Select(k => (double)logits[index[k]]), kept.Select(k => expected[k]).ToArray());
        var rows = Enumerable.Range(0, f.B * f.T).Where(r => mask[r] != 0f).ToArray();
        var sums = RowSums(logits, f.B * f.T, v);
        var maxRowDiff = MaxDiff(rows.Select(r => sums[r]), rows.Select(r => f.Doubles("padded", "logits_row_sum")[r]).ToArray());
        output.WriteLine($"{name} padded: {kept.Length} sampled logits max |diff| {maxDiff:E2}, row-sum max |diff| {maxRowDiff:E2}");
        Assert.True(kept.Length > 100);
        Assert.True(maxDiff < 1e-5, $"padded logits differ by {maxDiff}");
        Assert.True(maxRowDiff < 1e-4 * v, $"padded row sums differ by {maxRowDiff}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Backward_LmLoss_LossAndEveryGradientMatchTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var model = TorchFixture.Model(name, f);
        var lossFn = new LanguageModelLoss();
        var loss = lossFn.Forward(model, f.Ints("ids"), [], f.B, f.T);
        lossFn.Backward(model);
        var lossDiff = Math.Abs(loss - f.Double("loss"));
        double worst = 0;
        var worstName = "";
        foreach (var view in model.Layout.Views)
        {
            var g = model.Grad(view.Name).ToArray();
            var refGrad = f.Get("grads", view.Name);
            var scale = refGrad.GetProperty("max_abs").GetDouble() + 1e-8;
            var sampleIndex = refGrad.GetProperty("sample_index").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var sample = refGrad.GetProperty("sample").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double maxAbs = 0, sum = 0, absSum = 0;
            foreach (var x in g)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(x));
                sum += x;
                absSum += Math.Abs(x);
            }

            // Relative to the tensor's largest gradient entry; sums relative to max_abs·√length.
            var rel = new[]
            {
                MaxDiff(sampleIndex.Select(i => (double)g[i]), sample) / scale,
                Math.Abs(maxAbs - scale) / scale,
                Math.Abs(sum - refGrad.GetProperty("sum").GetDouble()) / (scale * Math.Sqrt(g.Length)),
                Math.Abs(absSum - refGrad.GetProperty("abs_sum").GetDouble()) / (scale * Math.Sqrt(g.Length)),
            }.Max();
            if (rel > worst)
            {
                worst = rel;
                worstName = view.Name;
            }
        }

        output.WriteLine($"{name}: loss {loss:F6} vs {f.Double("loss"):F6} (|diff| {lossDiff:E2}); worst gradient rel diff {worst:E2} in {worstName}");
        Assert.True(lossDiff < 1e-5, $"loss differs by {lossDiff}");
        Assert.True(worst < 1e-4, $"gradient {worstName} differs by {worst} of its max entry");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void AdamW_TenSteps_LossTrajectoryMatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var model = TorchFixture.Model(name, f);
        var adam = f.Get("adamw");
        var betas = f.Doubles("adamw", "betas");
        var opt = new Adam(model.Parameters.Length, new AdamSettings((float)adam.GetProperty("lr").GetDouble(), (float)betas[0], (float)betas[1],
            (float)adam.GetProperty("eps").GetDouble(), (float)adam.GetProperty("weight_decay").GetDouble(), DecoupledWeightDecay: true));
        var expected = f.Doubles("adamw", "losses");
        var lossFn = new LanguageModelLoss();
        var losses = new double[expected.Length];
        for (var step = 0; step < expected.Length; step++)
        {
            model.ZeroGrad();
            losses[step] = lossFn.Forward(model, f.Ints("ids"), [], f.B, f.T);
            lossFn.Backward(model);
            opt.Step(model.Parameters, model.Gradients);
        }

        var maxDiff = MaxDiff(losses, expected);
        output.WriteLine($"{name}: AdamW losses {string.Join(", ", losses.Select(l => l.ToString("F5")))}; max |diff| vs torch {maxDiff:E2}");
        Assert.True(expected[^1] < expected[0] - 0.1, "the fixture's trajectory should actually descend");
        Assert.True(maxDiff < 1e-4, $"loss trajectory differs by {maxDiff}");
    }

    private static double MaxDiff(IEnumerable<double> actual, IReadOnlyList<double> expected)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Count, a.Length);
        return a.Select((x, i) => Math.Abs(x - expected[i])).DefaultIfEmpty(0).Max();
    }

    private static double[] RowSums(float[] x, int rows, int width)
    {
        var sums = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            foreach (var v in x.AsSpan(r * width, width)) sums[r] += v;
        }

        return sums;
    }
}
