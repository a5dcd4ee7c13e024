namespace RaRlhf.Models.Sampling;

/// <summary>
/// How to sample. Temperature scales logits (0 = greedy); TopK 0 = off; TopP 1 = off; applied in that order as HF's
/// logits warpers. With StopAtEos a row that samples <see cref="EosTokenId"/> keeps it and is padded with
/// <see cref="PadTokenId"/> (mask 0, log-prob 0) afterwards. The same seed gives the same tokens.
/// </summary>
public sealed record SamplingOptions
{
    public int MaxNewTokens { get; init; } = 20;

    public float Temperature { get; init; } = 1f;

    public int TopK { get; init; }

    public float TopP { get; init; } = 1f;

    public bool StopAtEos { get; init; }

    public int? EosTokenId { get; init; }

    public int PadTokenId { get; init; }

    public ulong Seed { get; init; }

    /// <summary>
    /// With <see cref="BatchRows"/>: this call samples rows [RowOffset, RowOffset + B) of a batch of BatchRows rows
    /// (a batch split across rollout workers), and row i draws the random numbers that row RowOffset + i draws in the
    /// whole batch, so the parts sample what the whole batch would. 0 / null = the call is the whole batch.
    /// </summary>
    public int RowOffset { get; init; }

    /// <summary>Rows of the whole batch this call is a part of (see <see cref="RowOffset"/>); null = B of the call.</summary>
    public int? BatchRows { get; init; }

    /// <summary>Use the KV cache (default); false recomputes the whole sequence every step (for tests).</summary>
    public bool UseKvCache { get; init; } = true;
}
