using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// AVX-512 register-blocked micro-kernel: a 14×32 tile of C lives in 28 zmm accumulators for the whole k loop;
/// per k it loads one 32-wide row of the packed B panel (2 zmm) and broadcasts 14 values of the packed A
/// panel, issuing 28 FMAs against 16 loads, so it is FMA-bound rather than load-bound.
/// </summary>
internal static unsafe class GemmMicroKernel512
{
    public const int Mr = 14;
    public const int Nr = 32;

    /// <summary>C[0..14, 0..32] (row stride ldc) = alpha · Apanel · Bpanel + beta · C; beta = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* pa, float* pb, float* c, long ldc, float alpha, float beta)
    {
        // Start fetching the C tile now so its cache misses overlap the k loop instead of stalling the stores.
        Sse.Prefetch0(c + 0 * ldc); Sse.Prefetch0(c + 0 * ldc + 16);
        Sse.Prefetch0(c + 1 * ldc); Sse.Prefetch0(c + 1 * ldc + 16);
        Sse.Prefetch0(c + 2 * ldc); Sse.Prefetch0(c + 2 * ldc + 16);
        Sse.Prefetch0(c + 3 * ldc); Sse.Prefetch0(c + 3 * ldc + 16);
        Sse.Prefetch0(c + 4 * ldc); Sse.Prefetch0(c + 4 * ldc + 16);
        Sse.Prefetch0(c + 5 * ldc); Sse.Prefetch0(c + 5 * ldc + 16);
        Sse.Prefetch0(c + 6 * ldc); Sse.Prefetch0(c + 6 * ldc + 16);
        Sse.Prefetch0(c + 7 * ldc); Sse.Prefetch0(c + 7 * ldc + 16);
        Sse.Prefetch0(c + 8 * ldc); Sse.Prefetch0(c + 8 * ldc + 16);
        Sse.Prefetch0(c + 9 * ldc); Sse.Prefetch0(c + 9 * ldc + 16);
        Sse.Prefetch0(c + 10 * ldc); Sse.Prefetch0(c + 10 * ldc + 16);
        Sse.Prefetch0(c + 11 * ldc); Sse.Prefetch0(c + 11 * ldc + 16);
        Sse.Prefetch0(c + 12 * ldc); Sse.Prefetch0(c + 12 * ldc + 16);
        Sse.Prefetch0(c + 13 * ldc); Sse.Prefetch0(c + 13 * ldc + 16);
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        Vector512<float> c120 = default, c121 = default;
        Vector512<float> c130 = default, c131 = default;
        Vector512<float> a;
        for (var p = 0; p < kc; p++, pa += Mr, pb += Nr)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            a = Vector512.Create(pa[0]); c00 = Vector512.FusedMultiplyAdd(a, b0, c00); c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(pa[1]); c10 = Vector512.FusedMultiplyAdd(a, b0, c10); c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(pa[2]); c20 = Vector512.FusedMultiplyAdd(a, b0, c20); c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(pa[3]); c30 = Vector512.FusedMultiplyAdd(a, b0, c30); c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(pa[4]); c40 = Vector512.FusedMultiplyAdd(a, b0, c40); c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(pa[5]); c50 = Vector512.FusedMultiplyAdd(a, b0, c50); c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            a = Vector512.Create(pa[6]); c60 = Vector512.FusedMultiplyAdd(a, b0, c60); c61 = Vector512.FusedMultiplyAdd(a, b1, c61);
            a = Vector512.Create(pa[7]); c70 = Vector512.FusedMultiplyAdd(a, b0, c70); c71 = Vector512.FusedMultiplyAdd(a, b1, c71);
            a = Vector512.Create(pa[8]); c80 = Vector512.FusedMultiplyAdd(a, b0, c80); c81 = Vector512.FusedMultiplyAdd(a, b1, c81);
            a = Vector512.Create(pa[9]); c90 = Vector512.FusedMultiplyAdd(a, b0, c90); c91 = Vector512.FusedMultiplyAdd(a, b1, c91);
            a = Vector512.Create(pa[10]); c100 = Vector512.FusedMultiplyAdd(a, b0, c100); c101 = Vector512.FusedMultiplyAdd(a, b1, c101);
            a = Vector512.Create(pa[11]); c110 = Vector512.FusedMultiplyAdd(a, b0, c110); c111 = Vector512.FusedMultiplyAdd(a, b1, c111);
            a = Vector512.Create(pa[12]); c120 = Vector512.FusedMultiplyAdd(a, b0, c120); c121 = Vector512.FusedMultiplyAdd(a, b1, c121);
            a = Vector512.Create(pa[13]); c130 = Vector512.FusedMultiplyAdd(a, b0, c130); c131 = Vector512.FusedMultiplyAdd(a, b1, c131);
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        StoreRow(c, c00, c01, va, vb, beta);
        StoreRow(c + 1 * ldc, c10, c11, va, vb, beta);
        StoreRow(c + 2 * ldc, c20, c21, va, vb, beta);
        StoreRow(c + 3 * ldc, c30, c31, va, vb, beta);
        StoreRow(c + 4 * ldc, c40, c41, va, vb, beta);
        StoreRow(c + 5 * ldc, c50, c51, va, vb, beta);
        StoreRow(c + 6 * ldc, c60, c61, va, vb, beta);
        StoreRow(c + 7 * ldc, c70, c71, va, vb, beta);
        StoreRow(c + 8 * ldc, c80, c81, va, vb, beta);
        StoreRow(c + 9 * ldc, c90, c91, va, vb, beta);
        StoreRow(c + 10 * ldc, c100, c101, va, vb, beta);
        StoreRow(c + 11 * ldc, c110, c111, va, vb, beta);
        StoreRow(c + 12 * ldc, c120, c121, va, vb, beta);
        StoreRow(c + 13 * ldc, c130, c131, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> lo, Vector512<float> hi, Vector512<float> va,
        Vector512<float> vb, float beta)
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
