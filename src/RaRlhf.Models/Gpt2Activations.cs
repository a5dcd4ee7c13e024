namespace RaRlhf.Models;

/// <summary>
/// Everything the forward pass caches for backward, plus backward scratch, sized for (B, T) (llm.c's ActivationTensors).
/// Buffers are sized for a capacity (tokens B·T and attention B·NH·T²) and reused for any smaller batch, so a learner
/// whose sequence length varies does not reallocate; kernels only touch the first B·T rows. One array per layer.
/// </summary>
internal sealed class Gpt2Activations
{
    // Backward scratch is only allocated once a backward runs (inference-only models never pay for it).
    private readonly Lazy<float[][]> _backward;

    public Gpt2Activations(Gpt2Config config, int tokens, int attention)
    {
        TokenCapacity = tokens;
        AttentionCapacity = attention;
        int n = tokens, c = config.NEmbd, l = config.NLayer;
        Ids = new int[n];
        Positions = new int[n];
        Mask = new float[n];
        Encoded = new float[n * c];
        Ln1 = Layers(l, n * c);
        Ln1Mean = Layers(l, n);
        Ln1Rstd = Layers(l, n);
        Qkv = Layers(l, n * 3 * c);
        Atty = Layers(l, n * c);
        Att = Layers(l, attention);
        Residual2 = Layers(l, n * c);
        Ln2 = Layers(l, n * c);
        Ln2Mean = Layers(l, n);
        Ln2Rstd = Layers(l, n);
        Fch = Layers(l, n * config.Inner);
        FchGelu = Layers(l, n * config.Inner);
        Residual3 = Layers(l, n * c);
        Lnf = new float[n * c];
        LnfMean = new float[n];
        LnfRstd = new float[n];
        _backward = new Lazy<float[][]>(() =>
        [
            new float[n * c], new float[n * c], new float[n * 3 * c], new float[n * c],
            new float[n * config.Inner], new float[attention], new float[n * c],
        ]);
    }

    public int TokenCapacity { get; }

    public int AttentionCapacity { get; }

    /// <summary>Shape of the batch currently held (≤ capacity).</summary>
    public int B { get; set; }

    public int T { get; set; }

    public int[] Ids { get; }

    public int[] Positions { get; }

    /// <summary>(B, T) key padding mask, 1 = token, 0 = padding.</summary>
    public float[] Mask { get; }

    public bool HasMask { get; set; }

    public float[] Encoded { get; }

    public float[][] Ln1 { get; }

    public float[][] Ln1Mean { get; }

    public float[][] Ln1Rstd { get; }

    public float[][] Qkv { get; }

    public float[][] Atty { get; }

    public float[][] Att { get; }

    public float[][] Residual2 { get; }

    public float[][] Ln2 { get; }

    public float[][] Ln2Mean { get; }

    public float[][] Ln2Rstd { get; }

    public float[][] Fch { get; }

    public float[][] FchGelu { get; }

    public float[][] Residual3 { get; }

    /// <summary>(B, T, C) final hidden states after ln_f (HF's hidden_states[-1]).</summary>
    public float[] Lnf { get; }

    public float[] LnfMean { get; }

    public float[] LnfRstd { get; }

    public float[] DResidual => _backward.Value[0];

    public float[] DLn => _backward.Value[1];

    public float[] DQkv => _backward.Value[2];

    public float[] DAtty => _backward.Value[3];

    public float[] DFch => _backward.Value[4];

    public float[] DAtt => _backward.Value[5];

    public float[] DLnf => _backward.Value[6];

    private static float[][] Layers(int l, int size) => Enumerable.Range(0, l).Select(_ => new float[size]).ToArray();
}
