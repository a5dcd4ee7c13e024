using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Cache-blocking parameters (BLIS naming) and the micro-kernel they are sized for. With AVX-512: a packed A
/// block of mc×kc floats stays in L2, one kc×nr packed B micro-panel stays in L1 while every A micro-panel of
/// the block streams past it, and the kc×nc packed B panel lives in L3.
/// </summary>
internal static class GemmBlocking
{
    public static readonly bool Use512 = Vector512.IsHardwareAccelerated;

    public static readonly int Mr = Use512 ? GemmMicroKernel512.Mr : GemmMicroKernel256.Mr;
    public static readonly int Nr = Use512 ? GemmMicroKernel512.Nr : GemmMicroKernel256.Nr;

    /// <summary>Depth of one rank-kc update; kc×nr×4 bytes of B (32 KB at 256×32) must fit in L1.</summary>
    public static readonly int Kc = ReadTuning("RARLHF_GEMM_KC", 256);

    /// <summary>Rows of A packed at once (a multiple of mr); mc×kc×4 bytes should fill about half of L2.</summary>
    public static readonly int Mc = RoundUp(ReadTuning("RARLHF_GEMM_MC", 336), Mr);

    /// <summary>Columns of B packed at once (a multiple of nr).</summary>
    public static readonly int Nc = RoundUp(ReadTuning("RARLHF_GEMM_NC", 2048), Nr);

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    // Environment overrides exist only to sweep block sizes from the benchmark without recompiling.
    private static int ReadTuning(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;
}
