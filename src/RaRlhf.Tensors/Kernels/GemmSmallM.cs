using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// No-packing GEMM for few rows (decode: one row per sequence), C = alpha · A · B + beta · C with A (m×k) and
/// B (k×n) both row-major, untransposed. Each B row is already contiguous along n, which is what the micro-kernel
/// wants, so B is streamed straight from the weights instead of being copied into panels every call (with m = 16 the
/// copy cost more than the 16 FMAs each B value feeds). Tiles are 8×32 (16 zmm accumulators, one 32-wide B row and 8
/// broadcasts per k); the loop nest is depth block (kc, as <see cref="GemmBlocked"/>) → 32-column strip → 8-row group,
/// so a strip's kc×32 block of B stays in L1 while every row group uses it.
/// Per element the arithmetic is exactly the packed path's: a fused-multiply-add chain over k from 0 within each depth
/// block of <see cref="GemmBlocking.Kc"/>, then alpha·acc (beta = 0) or fma(acc, alpha, beta·C), blocks in order, so
/// results are bit-identical to <see cref="GemmBlocked.Run"/> whatever the split.
/// </summary>
internal static unsafe class GemmSmallM
{
    /// <summary>Up to this many rows the no-pack path is used.</summary>
    public const int MaxRows = 32;

    private const int Rows = 8;
    private const int Cols = 32;

    public static bool Applies(in GemmProblem g) => GemmBlocking.Use512 && !g.TransA && !g.TransB && g.M <= MaxRows;

    /// <summary>Columns per unit of work when a call is split across threads (bands end on strip edges).</summary>
    public static int ColumnUnit => Cols;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g)
    {
        var kcMax = Math.Min(GemmBlocking.Kc, g.K);
        var fullCols = g.N / Cols * Cols;
        long lda = g.Lda, ldb = g.Ldb, ldc = g.Ldc;
        for (var pc = 0; pc < g.K; pc += kcMax)
        {
            var kc = Math.Min(kcMax, g.K - pc);
            var beta = pc == 0 ? g.Beta : 1f;
            var a = g.A + pc;
            var b = g.B + pc * ldb;
            for (var j = 0; j < fullCols; j += Cols)
            {
                var i = 0;
                for (; i + Rows <= g.M; i += Rows) Kernel8x32(kc, a + i * lda, lda, b + j, ldb, g.C + i * ldc + j, ldc, g.Alpha, beta);
                for (; i < g.M; i++) Kernel1x32(kc, a + i * lda, b + j, ldb, g.C + i * ldc + j, g.Alpha, beta);
            }

            for (var i = 0; i < g.M; i++)
            {
                for (var j = fullCols; j < g.N; j++)
                {
                    var acc = 0f;
                    for (var p = 0; p < kc; p++) acc = MathF.FusedMultiplyAdd(a[i * lda + p], b[p * ldb + j], acc);
                    var ci = g.C + i * ldc + j;
                    *ci = beta == 0f ? acc * g.Alpha : MathF.FusedMultiplyAdd(acc, g.Alpha, beta * *ci);
                }
            }
        }
    }

    /// <summary>
    /// C = alpha · A · B + beta · C for strips [s0, s1) of a <see cref="PackedMatrix"/> B (a panel is B with ldb = 32),
    /// any number of rows; same per-element arithmetic as <see cref="Run"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPacked(int m, float alpha, float* a, long lda, float* packed, int n, int k, int kcMax, int paddedN,
        float beta0, float* c, long ldc, int s0, int s1)
    {
        for (var pc = 0; pc < k; pc += kcMax)
        {
            var kc = Math.Min(kcMax, k - pc);
            var beta = pc == 0 ? beta0 : 1f;
            var ap = a + pc;
            for (var s = s0; s < s1; s++)
            {
                var panel = packed + (long)pc * paddedN + (long)s * Cols * kc;
                var j = s * Cols;
                if (j + Cols <= n)
                {
                    var i = 0;
                    for (; i + Rows <= m; i += Rows) Kernel8x32(kc, ap + i * lda, lda, panel, Cols, c + i * ldc + j, ldc, alpha, beta);
                    for (; i < m; i++) Kernel1x32(kc, ap + i * lda, panel, Cols, c + i * ldc + j, alpha, beta);
                    continue;
                }

                for (var i = 0; i < m; i++)
                {
                    for (var jj = 0; j + jj < n; jj++)
                    {
                        var acc = 0f;
                        for (var p = 0; p < kc; p++) acc = MathF.FusedMultiplyAdd(ap[i * lda + p], panel[p * Cols + jj], acc);
                        var ci = c + i * ldc + j + jj;
                        *ci = beta == 0f ? acc * alpha : MathF.FusedMultiplyAdd(acc, alpha, beta * *ci);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* a, long lda, float* b, long ldb, float* c, long ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        float* a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda, a6 = a + 6 * lda, a7 = a + 7 * lda;
        for (var p = 0; p < kc; p++, b += ldb)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a0[p]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[p]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[p]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[p]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[p]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[p]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[p]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a7[p]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        Store(c, c00, c01, va, vb, beta);
        Store(c + ldc, c10, c11, va, vb, beta);
        Store(c + 2 * ldc, c20, c21, va, vb, beta);
        Store(c + 3 * ldc, c30, c31, va, vb, beta);
        Store(c + 4 * ldc, c40, c41, va, vb, beta);
        Store(c + 5 * ldc, c50, c51, va, vb, beta);
        Store(c + 6 * ldc, c60, c61, va, vb, beta);
        Store(c + 7 * ldc, c70, c71, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x32(int kc, float* a, float* b, long ldb, float* c, float alpha, float beta)
    {
        Vector512<float> c0 = default, c1 = default;
        for (var p = 0; p < kc; p++, b += ldb)
        {
            var x = Vector512.Create(a[p]);
            c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), c0);
            c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 16), c1);
        }

        Store(c, c0, c1, Vector512.Create(alpha), Vector512.Create(beta), beta);
    }

    // The packed micro-kernel's store, so a value does not depend on which path computed it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> lo, Vector512<float> hi, Vector512<float> va, Vector512<float> vb, float beta)
    {
        if (beta == 0f)
        {
            Vector512.Store(lo * va, c);
            Vector512.Store(hi * va, c + 16);
        }
        else
        {
            Vector512.Store(Vector512.FusedMultiplyAdd(lo, va, vb * Vector512.Load(c)), c);
            Vector512.Store(Vector512.FusedMultiplyAdd(hi, va, vb * Vector512.Load(c + 16)), c + 16);
        }
    }
}
