using RaRlhf.Tensors;

namespace RaRlhf.Models;

/// <summary>Initialisation for training from scratch, as Hugging Face GPT2PreTrainedModel._init_weights.</summary>
public static class Gpt2Init
{
    /// <summary>
    /// Weights and embeddings N(0, 0.02), every c_proj weight N(0, 0.02/√(2·n_layer)), biases 0, layer norms 1/0,
    /// score head N(0, 0.02), value head as torch nn.Linear (U(±1/√C)).
    /// </summary>
    public static void InitializeFromScratch(Gpt2Model model, ulong seed)
    {
        var p = model.Parameters;
        var projStd = 0.02 / Math.Sqrt(2.0 * model.Config.NLayer);
        foreach (var v in model.Layout.Views)
        {
            if (v.Offset >= model.Layout.TransformerLength) continue;
            var span = p.AsSpan(v.Offset, v.Length);
            if (v.Name.Contains("ln_", StringComparison.Ordinal))
            {
                span.Fill(v.Name.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f);
            }
            else if (v.Name.EndsWith(".bias", StringComparison.Ordinal))
            {
                span.Clear();
            }
            else
            {
                FillNormal(span, seed, (ulong)v.Offset, v.Name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? projStd : 0.02);
            }
        }

        InitializeHeads(model, model.Layout.Heads, seed);
    }

    /// <summary>Initialises the given heads only (e.g. a value head TRL adds to a pretrained model).</summary>
    public static void InitializeHeads(Gpt2Model model, Gpt2Heads heads, ulong seed)
    {
        var layout = model.Layout;
        if (heads.HasFlag(Gpt2Heads.Value) && layout.Contains(Gpt2Layout.ValueWeight))
        {
            var bound = 1.0 / Math.Sqrt(model.Config.NEmbd);
            foreach (var name in new[] { Gpt2Layout.ValueWeight, Gpt2Layout.ValueBias })
            {
                var v = layout[name];
                for (var i = 0; i < v.Length; i++)
                {
                    model.Parameters[v.Offset + i] = (float)((2 * SplitMix64.Uniform(seed, (ulong)(v.Offset + i)) - 1) * bound);
                }
            }
        }

        if (heads.HasFlag(Gpt2Heads.Score) && layout.Contains(Gpt2Layout.ScoreWeight))
        {
            var v = layout[Gpt2Layout.ScoreWeight];
            FillNormal(model.Parameters.AsSpan(v.Offset, v.Length), seed, (ulong)v.Offset, 0.02);
        }
    }

    private static void FillNormal(Span<float> span, ulong seed, ulong offset, double std)
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (float)(std * SplitMix64.Normal(seed, offset + (ulong)i));
        }
    }
}
