using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// AVX2 fallback micro-kernel for machines without AVX-512: a 6×16 tile of C in 12 ymm accumulators
/// (16 registers: 12 accumulators, 2 B rows, 1 broadcast). Same packed layouts as the 512-bit kernel.
/// </summary>
internal static unsafe class GemmMicroKernel256
{
    public const int Mr = 6;
    public const int Nr = 16;

    /// <summary>C[0..6, 0..16] (row stride ldc) = alpha · Apanel · Bpanel + beta · C; beta = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* pa, float* pb, float* c, long ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        Vector256<float> a;
        for (var p = 0; p < kc; p++, pa += Mr, pb += Nr)
        {
            var b0 = Vector256.Load(pb);
            var b1 = Vector256.Load(pb + 8);
            a = Vector256.Create(pa[0]); c00 = Vector256.FusedMultiplyAdd(a, b0, c00); c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(pa[1]); c10 = Vector256.FusedMultiplyAdd(a, b0, c10); c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(pa[2]); c20 = Vector256.FusedMultiplyAdd(a, b0, c20); c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(pa[3]); c30 = Vector256.FusedMultiplyAdd(a, b0, c30); c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            a = Vector256.Create(pa[4]); c40 = Vector256.FusedMultiplyAdd(a, b0, c40); c41 = Vector256.FusedMultiplyAdd(a, b1, c41);
            a = Vector256.Create(pa[5]); c50 = Vector256.FusedMultiplyAdd(a, b0, c50); c51 = Vector256.FusedMultiplyAdd(a, b1, c51);
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        StoreRow(c, c00, c01, va, vb, beta);
        StoreRow(c + 1 * ldc, c10, c11, va, vb, beta);
        StoreRow(c + 2 * ldc, c20, c21, va, vb, beta);
        StoreRow(c + 3 * ldc, c30, c31, va, vb, beta);
        StoreRow(c + 4 * ldc, c40, c41, va, vb, beta);
        StoreRow(c + 5 * ldc, c50, c51, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> lo, Vector256<float> hi, Vector256<float> va,
        Vector256<float> vb, float beta)
    {
        if (beta == 0f)
        {
            Vector256.Store(lo * va, c);
            Vector256.Store(hi * va, c + 8);
        }
        else
        {
            Vector256.Store(Vector256.FusedMultiplyAdd(lo, va, vb * Vector256.Load(c)), c);
            Vector256.Store(Vector256.FusedMultiplyAdd(hi, va, vb * Vector256.Load(c + 8)), c + 8);
        }
    }
}
