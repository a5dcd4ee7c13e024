namespace RaRlhf.Models;

/// <summary>
/// Everything the forward pass caches for backward, plus backward scratch, sized for (B, T) (llm.c's ActivationTensors).
/// Reused while the batch fits; one array per layer keeps indexing obvious.
/// </summary>
internal sealed class Gpt2Activations
{
    public Gpt2Activations(Gpt2Config config, int b, int t)
    {
        B = b;
        T = t;
        int n = b * t, c = config.NEmbd, l = config.NLayer, nh = config.NHead;
        Ids = new int[n];
        Positions = new int[n];
        Mask = new float[n];
        Encoded = new float[n * c];
        Ln1 = Layers(l, n * c);
        Ln1Mean = Layers(l, n);
        Ln1Rstd = Layers(l, n);
        Qkv = Layers(l, n * 3 * c);
        Atty = Layers(l, n * c);
        Att = Layers(l, b * nh * t * t);
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
        DResidual = new float[n * c];
        DLn = new float[n * c];
        DQkv = new float[n * 3 * c];
        DAtty = new float[n * c];
        DFch = new float[n * config.Inner];
        DAtt = new float[b * nh * t * t];
        DLnf = new float[n * c];
    }

    public int B { get; }

    public int T { get; }

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

    public float[] DResidual { get; }

    public float[] DLn { get; }

    public float[] DQkv { get; }

    public float[] DAtty { get; }

    public float[] DFch { get; }

    public float[] DAtt { get; }

    public float[] DLnf { get; }

    private static float[][] Layers(int l, int size) => Enumerable.Range(0, l).Select(_ => new float[size]).ToArray();
}
