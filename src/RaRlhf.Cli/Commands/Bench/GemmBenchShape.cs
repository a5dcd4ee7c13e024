namespace RaRlhf.Cli.Commands.Bench;

/// <summary>One benchmarked product, <see cref="Batch"/> times: C[m×n] = op(A)[m×k] · op(B)[k×n].</summary>
internal sealed record GemmBenchShape(string Name, int M, int N, int K, bool TransA = false, bool TransB = false, int Batch = 1)
{
    public double Flops => 2.0 * M * N * K * Batch;

    public string Label => $"{(Batch > 1 ? $"{Batch}× " : "")}{M}×{N}×{K} {(TransA ? "T" : "N")}{(TransB ? "T" : "N")}";

    /// <summary>
    /// Square sizes, then every linear layer of the two GPT configs as training runs them (llm.c layout, weights
    /// stored [out, in]): forward y = x·Wᵀ (NT), input gradient dx = dy·W (NN), weight gradient dW = dyᵀ·x (TN);
    /// plus config A's batched attention products (OpenBLAS has no batched call: it runs them one by one).
    /// </summary>
    public static IReadOnlyList<GemmBenchShape> All()
    {
        var shapes = new List<GemmBenchShape>();
        foreach (var s in new[] { 256, 512, 1024, 2048 }) shapes.Add(new($"square {s}", s, s, s));
        AddLinearLayers(shapes, "A", rows: 16 * 112,
            [("qkv", 256, 768), ("attn proj", 256, 256), ("mlp fc", 256, 1024), ("mlp proj", 1024, 256), ("lm head", 256, 8192)]);
        // Attention, config A (16 sequences × 4 heads of 64 over T = 112): scores q·kᵀ and output att·v, batched.
        shapes.Add(new("A attention q·kT batched", 112, 112, 64, TransB: true, Batch: 16 * 4));
        shapes.Add(new("A attention att·v batched", 112, 64, 112, Batch: 16 * 4));
        AddLinearLayers(shapes, "gpt2", rows: 8 * 112,
            [("qkv", 768, 2304), ("attn proj", 768, 768), ("mlp fc", 768, 3072), ("mlp proj", 3072, 768), ("lm head", 768, 50257)]);
        return shapes;
    }

    private static void AddLinearLayers(List<GemmBenchShape> shapes, string config, int rows, (string Layer, int In, int Out)[] layers)
    {
        foreach (var (layer, inFeatures, outFeatures) in layers)
        {
            shapes.Add(new($"{config} {layer} fwd", rows, outFeatures, inFeatures, TransB: true));
            shapes.Add(new($"{config} {layer} dx", rows, inFeatures, outFeatures));
            shapes.Add(new($"{config} {layer} dW", outFeatures, inFeatures, rows, TransA: true));
        }
    }
}
