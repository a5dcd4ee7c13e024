using RaRlhf.Models.Heads;
using RaRlhf.Models.Training;

namespace RaRlhf.Models.Tests;

public sealed class PolicyValueModelTests
{
    private const int B = 3, T = 7;

    [Fact]
    public void Forward_LogProbs_EqualNegatedLmLossTerms()
    {
        var model = SmallModels.Create(Gpt2Heads.Value);
        var ids = SmallModels.Ids(B, T);
        var outputs = new PolicyValueModel(model).Forward(ids, [], B, T);
        var loss = new LanguageModelLoss().Forward(model, ids, [], B, T);
        Assert.Equal(loss, -outputs.LogProbs.Average(x => (double)x), 5);
        Assert.Equal(B * (T - 1), outputs.Entropy.Length);
        Assert.All(outputs.Entropy, h => Assert.InRange(h, 0, Math.Log(23) + 1e-5));
        Assert.Equal(B * T, outputs.Values.Length);
    }

    [Fact]
    public void Backward_UniformNegativeDLogProbs_EqualsLmLossGradient()
    {
        var ids = SmallModels.Ids(B, T);
        var policy = SmallModels.Create(Gpt2Heads.Value);
        var pvm = new PolicyValueModel(policy);
        pvm.Forward(ids, [], B, T);
        pvm.Backward(Enumerable.Repeat(-1f / (B * (T - 1)), B * (T - 1)).ToArray(), []);

        var lm = SmallModels.Create();
        var loss = new LanguageModelLoss();
        loss.Forward(lm, ids, [], B, T);
        loss.Backward(lm);
        var n = lm.Layout.TransformerLength;
        var maxDiff = policy.Gradients.AsSpan(0, n).ToArray().Zip(lm.Gradients).Max(p => Math.Abs(p.First - p.Second));
        Console.WriteLine($"policy vs LM-loss gradient max |diff| {maxDiff:E2}");
        Assert.True(maxDiff < 1e-6);
        Assert.All(policy.Grad(Gpt2Layout.ValueWeight).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Backward_LogProbAndValueObjective_MatchesFiniteDifferences()
    {
        var ids = SmallModels.Ids(B, T);
        var mask = SmallModels.LeftPadMask(B, T);
        var model = SmallModels.Create(Gpt2Heads.Value);
        var pvm = new PolicyValueModel(model);
        var dlp = Enumerable.Range(0, B * (T - 1)).Select(i => (float)Math.Sin(i)).ToArray();
        var dv = Enumerable.Range(0, B * T).Select(i => (float)Math.Cos(i)).ToArray();
        double Objective()
        {
            var o = pvm.Forward(ids, mask, B, T);
            return o.LogProbs.Select((x, i) => (double)x * dlp[i]).Sum() + o.Values.Select((x, i) => (double)x * dv[i]).Sum();
        }

        Objective();
        pvm.Backward(dlp, dv);
        FiniteDifferences.Check(model, Objective,
            [Gpt2Layout.ValueWeight, Gpt2Layout.ValueBias, "h.1.mlp.c_fc.weight", "h.0.attn.c_attn.weight", "wpe.weight", "wte.weight", "ln_f.weight"]);
    }
}
