namespace RaRlhf.Tensors.Optim;

/// <summary>Adam's mutable state: step count and the first/second moment buffers (same layout as the parameters).
/// Snapshot it by copying the arrays; restore with <see cref="Adam.LoadState"/>.</summary>
public sealed class AdamState(long step, float[] m, float[] v)
{
    public long Step { get; internal set; } = step;

    /// <summary>First moment (exp_avg).</summary>
    public float[] M { get; } = m;

    /// <summary>Second moment (exp_avg_sq).</summary>
    public float[] V { get; } = v;
}
