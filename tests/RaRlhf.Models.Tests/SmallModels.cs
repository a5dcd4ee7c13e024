using RaRlhf.Tensors;

namespace RaRlhf.Models.Tests;

/// <summary>Small GPT-2s with lively random weights (not the 0.02 init) so gradients and sampling are non-trivial.</summary>
internal static class SmallModels
{
    public static Gpt2Config Config { get; } = new(NLayer: 2, NHead: 2, NEmbd: 16, NPositions: 40, VocabSize: 23) { EosTokenId = 3, PadTokenId = 0 };

    public static Gpt2Model Create(Gpt2Heads heads = Gpt2Heads.None, int numLabels = 1, ulong seed = 5, double scale = 0.3)
    {
        var model = new Gpt2Model(Config, heads, numLabels);
        for (var i = 0; i < model.Parameters.Length; i++)
        {
            model.Parameters[i] = (float)((2 * SplitMix64.Uniform(seed, (ulong)i) - 1) * scale);
        }

        foreach (var v in model.Layout.Views.Where(v => v.Name.Contains("ln_", StringComparison.Ordinal) && v.Name.EndsWith(".weight", StringComparison.Ordinal)))
        {
            for (var i = 0; i < v.Length; i++) model.Parameters[v.Offset + i] += 1f;
        }

        return model;
    }

    public static int[] Ids(int b, int t, ulong seed = 9, int vocab = 23) =>
        Enumerable.Range(0, b * t).Select(i => (int)(SplitMix64.At(seed, (ulong)i) % (ulong)vocab)).ToArray();

    /// <summary>Left padding: row r has r % 3 padded positions at the front.</summary>
    public static float[] LeftPadMask(int b, int t) =>
        Enumerable.Range(0, b * t).Select(i => i % t < (i / t) % 3 ? 0f : 1f).ToArray();
}
