namespace RaRlhf.Models;

/// <summary>
/// Where every GPT-2 tensor lives in the one flat buffer (llm.c style), in a fixed canonical order: wte, wpe, then per
/// layer ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj (weight before bias), then ln_f, then heads.
/// Params, grads and optimizer moments all use this layout.
/// </summary>
public sealed class Gpt2Layout
{
    private readonly Dictionary<string, ParameterView> _byName = new(StringComparer.Ordinal);
    private readonly List<ParameterView> _views = [];

    public Gpt2Layout(Gpt2Config config, Gpt2Heads heads = Gpt2Heads.None, int numLabels = 1)
    {
        config.Validate();
        long c = config.NEmbd, inner = config.Inner;
        Add("wte.weight", config.VocabSize, c);
        Add("wpe.weight", config.NPositions, c);
        for (var l = 0; l < config.NLayer; l++)
        {
            var p = $"h.{l}.";
            Add(p + "ln_1.weight", c);
            Add(p + "ln_1.bias", c);
            Add(p + "attn.c_attn.weight", c, 3 * c);
            Add(p + "attn.c_attn.bias", 3 * c);
            Add(p + "attn.c_proj.weight", c, c);
            Add(p + "attn.c_proj.bias", c);
            Add(p + "ln_2.weight", c);
            Add(p + "ln_2.bias", c);
            Add(p + "mlp.c_fc.weight", c, inner);
            Add(p + "mlp.c_fc.bias", inner);
            Add(p + "mlp.c_proj.weight", inner, c);
            Add(p + "mlp.c_proj.bias", c);
        }

        Add("ln_f.weight", c);
        Add("ln_f.bias", c);
        TransformerLength = Length;
        if (heads.HasFlag(Gpt2Heads.Value))
        {
            Add(ValueWeight, 1, c);
            Add(ValueBias, 1);
        }

        if (heads.HasFlag(Gpt2Heads.Score))
        {
            Add(ScoreWeight, numLabels, c);
        }

        Heads = heads;
        NumLabels = numLabels;
    }

    public const string ValueWeight = "v_head.summary.weight";
    public const string ValueBias = "v_head.summary.bias";
    public const string ScoreWeight = "score.weight";

    public IReadOnlyList<ParameterView> Views => _views;

    public Gpt2Heads Heads { get; }

    public int NumLabels { get; }

    /// <summary>Total floats in the buffer.</summary>
    public int Length { get; private set; }

    /// <summary>Floats of the transformer alone (before any head).</summary>
    public int TransformerLength { get; }

    public ParameterView this[string name] =>
        _byName.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"no parameter '{name}' in this GPT-2 layout");

    public bool Contains(string name) => _byName.ContainsKey(name);

    private void Add(string name, params long[] shape)
    {
        var length = checked((int)shape.Aggregate(1L, (a, d) => a * d));
        var view = new ParameterView(name, shape, Length, length);
        _views.Add(view);
        _byName.Add(name, view);
        Length = checked(Length + length);
    }
}
