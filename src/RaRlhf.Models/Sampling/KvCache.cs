namespace RaRlhf.Models.Sampling;

/// <summary>Preallocated keys and values per layer, (B, NH, capacity, head_dim), so decoding never reallocates.</summary>
public sealed class KvCache
{
    public KvCache(Gpt2Config config, int b, int capacity)
    {
        if (capacity > config.NPositions)
        {
            throw new ArgumentException($"cache capacity {capacity} exceeds n_positions {config.NPositions}");
        }

        B = b;
        Capacity = capacity;
        var size = b * config.NEmbd * capacity;
        Keys = Enumerable.Range(0, config.NLayer).Select(_ => new float[size]).ToArray();
        Values = Enumerable.Range(0, config.NLayer).Select(_ => new float[size]).ToArray();
    }

    public int B { get; }

    public int Capacity { get; }

    /// <summary>Positions already written (the next token goes to index Length).</summary>
    public int Length { get; internal set; }

    public float[][] Keys { get; }

    public float[][] Values { get; }

    public long Bytes => 2L * Keys.Length * Keys[0].Length * sizeof(float);
}
