using System.Runtime.CompilerServices;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// The single-threaded BLIS/GotoBLAS loop nest: jc (nc columns) → pc (kc depth, pack B) → ic (mc rows, pack A)
/// → jr (nr columns) → ir (mr rows) → micro-kernel. Full tiles are written straight into C; ragged edge tiles
/// go through a scratch tile and are merged with scalar code.
/// </summary>
internal static unsafe class GemmBlocked
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g)
    {
        int mr = GemmBlocking.Mr, nr = GemmBlocking.Nr;
        var kcMax = Math.Min(GemmBlocking.Kc, g.K);
        var mcMax = Math.Min(GemmBlocking.Mc, GemmBlocking.RoundUp(g.M, mr));
        var ncMax = Math.Min(GemmBlocking.Nc, GemmBlocking.RoundUp(g.N, nr));
        var buffers = GemmPackBuffers.ForCurrentThread(mcMax, kcMax, ncMax, mr, nr);
        float* packedA = buffers.A, packedB = buffers.B, tile = buffers.Tile;
        long ldc = g.Ldc;

        for (var jc = 0; jc < g.N; jc += ncMax)
        {
            var nc = Math.Min(ncMax, g.N - jc);
            for (var pc = 0; pc < g.K; pc += kcMax)
            {
                var kc = Math.Min(kcMax, g.K - pc);
                // Later depth blocks accumulate onto what the first one wrote.
                var beta = pc == 0 ? g.Beta : 1f;
                GemmPacking.PackB(g, pc, kc, jc, nc, packedB, nr);
                for (var ic = 0; ic < g.M; ic += mcMax)
                {
                    var mc = Math.Min(mcMax, g.M - ic);
                    GemmPacking.PackA(g, ic, mc, pc, kc, packedA, mr);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var pb = packedB + (long)jr * kc;
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var rows = Math.Min(mr, mc - ir);
                            var pa = packedA + (long)ir * kc;
                            var c = g.C + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                Kernel(kc, pa, pb, c, ldc, g.Alpha, beta);
                            }
                            else
                            {
                                Kernel(kc, pa, pb, tile, nr, 1f, 0f);
                                MergeEdge(tile, nr, c, ldc, rows, cols, g.Alpha, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(int kc, float* pa, float* pb, float* c, long ldc, float alpha, float beta)
    {
        if (GemmBlocking.Use512)
        {
            GemmMicroKernel512.Run(kc, pa, pb, c, ldc, alpha, beta);
        }
        else
        {
            GemmMicroKernel256.Run(kc, pa, pb, c, ldc, alpha, beta);
        }
    }

    // Same rounding as the kernel's own store (alpha·acc, or fma(acc, alpha, beta·c)), so a value does not
    // depend on whether it fell in an edge tile; that keeps threaded results bit-identical to single-threaded.
    // Measured: left to tiering this stayed slow (~3 µs per edge tile) for thousands of calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeEdge(float* tile, int nr, float* c, long ldc, int rows, int cols, float alpha, float beta)
    {
        for (var i = 0; i < rows; i++)
        {
            var t = tile + i * nr;
            var ci = c + i * ldc;
            for (var j = 0; j < cols; j++)
            {
                ci[j] = beta == 0f ? t[j] * alpha : MathF.FusedMultiplyAdd(t[j], alpha, beta * ci[j]);
            }
        }
    }

    /// <summary>k = 0: the product is empty, so C = beta · C (and beta = 0 clears C, NaNs included).</summary>
    public static void ScaleOnly(in GemmProblem g)
    {
        for (var i = 0; i < g.M; i++)
        {
            var ci = new Span<float>(g.C + (long)i * g.Ldc, g.N);
            if (g.Beta == 0f) ci.Clear();
            else if (g.Beta != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(ci, g.Beta, ci);
        }
    }
}
