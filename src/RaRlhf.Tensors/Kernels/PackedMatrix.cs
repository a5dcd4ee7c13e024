namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// A right-hand GEMM operand op(B) (k×n) copied once into contiguous 32-column panels per depth block, for products
/// that reuse the same B many times with few rows of A (decoding: the weights, every step). Walking a panel is one
/// sequential stream, where walking a strip of the original matrix touches a new page every row. Layout: depth block
/// starting at row pc (<see cref="GemmBlocking.Kc"/> rows) at pc·paddedN; in it strip s at s·32·kc; element (p, jj)
/// at p·32 + jj; the last strip is zero-padded. Use with <see cref="Gemm.SgemmPacked"/>.
/// </summary>
public sealed class PackedMatrix
{
    internal const int StripWidth = 32;

    private PackedMatrix(int k, int n)
    {
        K = k;
        N = n;
        Kc = Math.Max(1, Math.Min(GemmBlocking.Kc, k));
        PaddedN = (n + StripWidth - 1) / StripWidth * StripWidth;
        Data = new float[(long)k * PaddedN];
    }

    public int K { get; }

    public int N { get; }

    internal int Kc { get; }

    internal int PaddedN { get; }

    internal float[] Data { get; }

    public long Bytes => Data.LongLength * sizeof(float);

    /// <summary>Packs op(B): B stored (k×n, ldb ≥ n), or with <paramref name="transB"/> (n×k, ldb ≥ k).
    /// <paramref name="reuse"/> is refilled when it has the same shape.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> b, int k, int n, int ldb, bool transB, PackedMatrix? reuse = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        GemmArguments.CheckShape(false, transB, 1, n, k, k, ldb, n);
        GemmArguments.CheckLength(nameof(b), b.Length, GemmArguments.ExtentB(transB, k, n, ldb), 1, 0);
        var m = reuse is { } r && r.K == k && r.N == n && r.Kc == Math.Max(1, Math.Min(GemmBlocking.Kc, k)) ? r : new PackedMatrix(k, n);
        var data = m.Data.AsSpan();
        for (var pc = 0; pc < k; pc += m.Kc)
        {
            var kc = Math.Min(m.Kc, k - pc);
            for (var s = 0; s * StripWidth < n; s++)
            {
                var panel = data.Slice((int)((long)pc * m.PaddedN + (long)s * StripWidth * kc), StripWidth * kc);
                var cols = Math.Min(StripWidth, n - s * StripWidth);
                if (cols < StripWidth) panel.Clear();
                for (var jj = 0; jj < cols; jj++)
                {
                    var j = s * StripWidth + jj;
                    for (var p = 0; p < kc; p++)
                    {
                        panel[p * StripWidth + jj] = transB ? b[j * ldb + pc + p] : b[(pc + p) * ldb + j];
                    }
                }
            }
        }

        return m;
    }
}
