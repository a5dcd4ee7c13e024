using RaRlhf.Tensors.Ops;

namespace RaRlhf.Tensors.Tests.Autograd;

public sealed class ParameterBufferTests
{
    [Fact]
    public void Views_GradientsLandInTheFlatArray_SameAsStandaloneTensors()
    {
        var p = new ParameterBuffer([("wte", [4, 3]), ("ln.w", [3])]);
        new SplitMix64(1).FillSigned(p.Values);
        var wte = Tensor.Parameter(p.Values.AsSpan(0, 12), 4, 3);   // the same values outside any buffer
        var lnw = Tensor.Parameter(p.Values.AsSpan(12, 3), 3);
        float[] seed = [0.3f, -1f, 2f, 0.5f, 0.25f, -0.75f];

        p["wte"].Embedding([1, 3], 2).LayerNorm(p["ln.w"], null).Backward(seed);
        wte.Embedding([1, 3], 2).LayerNorm(lnw, null).Backward(seed);

        Assert.Equal(wte.Grad.ToArray(), p.Grads[..12]);
        Assert.Equal(lnw.Grad.ToArray(), p.Grads[12..]);
        Assert.Contains(p.Grads, g => g != 0f);
        Assert.Equal(0f, p.Grads[0]);                               // row 0 was never gathered
    }

    [Fact]
    public void View_OfAdamMoments_IsTheParameterSliceOfTheMomentArray()
    {
        var p = new ParameterBuffer([("a", [2]), ("b", [3])]);
        var adam = new RaRlhf.Tensors.Optim.Adam(p, new RaRlhf.Tensors.Optim.AdamSettings());
        p["b"].Grad.Fill(1f);
        adam.Step();
        Assert.Equal([0f, 0f], p.View("a", adam.State.M).ToArray());
        Assert.Equal([3], p.View("b", adam.State.M).Shape);
        Assert.All(p.View("b", adam.State.M).ToArray(), m => Assert.Equal(0.1f, m, 1e-7f));
    }

    [Fact]
    public void Entries_AreInLayoutOrderWithOffsets()
    {
        var p = new ParameterBuffer([("a", [2]), ("b", [3, 2]), ("c", [])]);
        Assert.Equal([("a", 0), ("b", 2), ("c", 8)], p.Entries.Select(e => (e.Name, e.Offset)));
    }

    [Fact]
    public void Indexer_UnknownName_ThrowsNamingIt()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => new ParameterBuffer([("a", [1])])["h.0.attn"]);
        Assert.Contains("h.0.attn", e.Message);
    }

    [Fact]
    public void Constructor_DuplicateName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ParameterBuffer([("a", [1]), ("a", [2])]));
    }

    [Fact]
    public void Reshape_OfAView_WritesGradientsIntoTheBuffer()
    {
        var p = new ParameterBuffer([("w", [2, 3])]);
        p.Values.AsSpan().Fill(1f);
        p["w"].Reshape(6).Scale(5f).Sum().Backward();
        Assert.All(p.Grads, g => Assert.Equal(5f, g));
        p.ZeroGrad();
        Assert.All(p.Grads, g => Assert.Equal(0f, g));
    }
}
