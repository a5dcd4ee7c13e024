using RaRlhf.Models;
using RaRlhf.Tensors;

namespace RaRlhf.Rl.Tests.Training;

/// <summary>
/// Tiny GPT-2s for learner tests. <see cref="Generated"/> fills the flat layout exactly as generated_weights in
/// make_gpt2_fixtures.py / make_ppo_step_fixture.py: u = 2·U(seed, flat index) − 1, LN weights 1 + 0.1u, biases 0.02u,
/// everything else 0.1u (float32).
/// </summary>
internal static class TinyGpt2
{
    public static Gpt2Config Config(int vocab = 64, int positions = 32, int embd = 32) =>
        new(NLayer: 2, NHead: 2, NEmbd: embd, NPositions: positions, VocabSize: vocab);

    public static Gpt2Model Generated(Gpt2Config config, Gpt2Heads heads, ulong seed, int numLabels = 1)
    {
        var model = new Gpt2Model(config, heads, numLabels);
        foreach (var v in model.Layout.Views)
        {
            var isLnWeight = v.Name.Contains(".ln_", StringComparison.Ordinal) || v.Name.StartsWith("ln_", StringComparison.Ordinal);
            isLnWeight &= v.Name.EndsWith(".weight", StringComparison.Ordinal);
            for (var i = 0; i < v.Length; i++)
            {
                var u = 2.0 * SplitMix64.Uniform(seed, (ulong)(v.Offset + i)) - 1.0;
                model.Parameters[v.Offset + i] = (float)(isLnWeight ? 1.0 + 0.1 * u : v.Name.EndsWith(".bias", StringComparison.Ordinal) ? 0.02 * u : 0.1 * u);
            }
        }

        return model;
    }
}
