using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Tests.Kernels.Nn;

public sealed class EmbeddingTests
{
    [Fact]
    public void ForwardBackward_RepeatedIds_MatchReference()
    {
        const int n = 33, c = 7, vocab = 5, positions = 40;
        var ids = Enumerable.Range(0, n).Select(i => i * 3 % vocab).ToArray();
        var pos = Enumerable.Range(0, n).Select(i => i % 11).ToArray();
        var wte = NnTestData.Random(vocab * c, 1);
        var wpe = NnTestData.Random(positions * c, 2);
        float[] y = new float[n * c], yr = new float[n * c];
        Embedding.Forward(y, ids, pos, wte, wpe, n, c);
        EmbeddingReference.Forward(yr, ids, pos, wte, wpe, n, c);
        Assert.Equal(yr, y);

        var dy = NnTestData.Random(n * c, 3);
        float[] dte = new float[vocab * c], dpe = new float[positions * c], dter = new float[vocab * c], dper = new float[positions * c];
        Embedding.Backward(dte, dpe, dy, ids, pos, n, c);
        EmbeddingReference.Backward(dter, dper, dy, ids, pos, n, c);
        Assert.True(NnTestData.MaxRelDiff(dte, dter, "dwte") < 1e-6);
        Assert.True(NnTestData.MaxRelDiff(dpe, dper, "dwpe") < 1e-6);
    }

    [Fact]
    public void Forward_IdOutsideVocabulary_ThrowsNamingTheId()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Embedding.Forward(new float[4], new[] { 0, 9 }, new[] { 0, 1 }, new float[6], new float[6], 2, 2));
        Assert.Contains("token id 9", e.Message, StringComparison.Ordinal);
    }
}
