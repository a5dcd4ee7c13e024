namespace RaRlhf.Models.Sampling;

/// <summary>Parameter names of transformer block l, built once per layer instead of on every decode step.</summary>
internal sealed record LayerNames(string Ln1Weight, string Ln1Bias, string AttnWeight, string AttnBias, string AttnProjWeight,
    string AttnProjBias, string Ln2Weight, string Ln2Bias, string FcWeight, string FcBias, string MlpProjWeight, string MlpProjBias)
{
    private static LayerNames[] cache = [];

    public static LayerNames Of(int layer)
    {
        var known = cache;
        if (layer < known.Length) return known[layer];
        var grown = Enumerable.Range(0, layer + 1).Select(l => l < known.Length ? known[l] : Create(l)).ToArray();
        cache = grown;
        return grown[layer];
    }

    private static LayerNames Create(int l)
    {
        var p = $"h.{l}.";
        return new LayerNames(p + "ln_1.weight", p + "ln_1.bias", p + "attn.c_attn.weight", p + "attn.c_attn.bias",
            p + "attn.c_proj.weight", p + "attn.c_proj.bias", p + "ln_2.weight", p + "ln_2.bias", p + "mlp.c_fc.weight",
            p + "mlp.c_fc.bias", p + "mlp.c_proj.weight", p + "mlp.c_proj.bias");
    }
}
