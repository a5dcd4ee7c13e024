namespace RaRlhf.Models.Tests;

public sealed class Gpt2InitTests
{
    [Fact]
    public void InitializeFromScratch_Gpt2Layout_FollowsHuggingFaceScheme()
    {
        var config = new Gpt2Config(NLayer: 4, NHead: 2, NEmbd: 64, NPositions: 32, VocabSize: 300);
        var model = new Gpt2Model(config, Gpt2Heads.Score);
        Gpt2Init.InitializeFromScratch(model, seed: 42);
        Assert.Equal(0.02, Std(model.Param("wte.weight").ToArray()), 0.001);
        Assert.Equal(0.02, Std(model.Param("h.1.attn.c_attn.weight").ToArray()), 0.001);
        Assert.Equal(0.02 / Math.Sqrt(8), Std(model.Param("h.2.mlp.c_proj.weight").ToArray()), 0.0005);
        Assert.Equal(0.02 / Math.Sqrt(8), Std(model.Param("h.0.attn.c_proj.weight").ToArray()), 0.0008);
        Assert.All(model.Param("h.3.ln_2.weight").ToArray(), x => Assert.Equal(1f, x));
        Assert.All(model.Param("ln_f.bias").ToArray(), x => Assert.Equal(0f, x));
        Assert.All(model.Param("h.0.mlp.c_fc.bias").ToArray(), x => Assert.Equal(0f, x));
        Assert.Equal(0.02, Std(model.Param("score.weight").ToArray()), 0.005);
    }

    [Fact]
    public void InitializeFromScratch_SameSeed_SameWeightsAndOtherSeedDiffers()
    {
        var a = new Gpt2Model(SmallModels.Config);
        var b = new Gpt2Model(SmallModels.Config);
        var c = new Gpt2Model(SmallModels.Config);
        Gpt2Init.InitializeFromScratch(a, 1);
        Gpt2Init.InitializeFromScratch(b, 1);
        Gpt2Init.InitializeFromScratch(c, 2);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    private static double Std(float[] x)
    {
        var mean = x.Average(v => (double)v);
        return Math.Sqrt(x.Average(v => (v - mean) * (v - mean)));
    }
}
