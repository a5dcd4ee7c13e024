using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the layouts the micro-kernel streams through: A as micro-panels of
/// <c>mr</c> rows stored k-major (mr consecutive floats per k), B as micro-panels of <c>nr</c> columns stored
/// k-major. Ragged last panels are zero-padded so the kernel never branches on edges; transposition is
/// absorbed here, so one kernel serves all four transpose combinations. Sources are walked along their
/// contiguous rows: with power-of-two leading dimensions, hopping between rows per panel thrashes L1 sets.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into ⌈mc/mr⌉ panels of kc×mr.</summary>
    public static void PackA(in GemmProblem g, int i0, int mc, int p0, int kc, float* dst, int mr)
    {
        if (g.TransA)
        {
            // A is stored [k×m]: row p of the source holds all mc values this block needs at depth p.
            GemmPanelCopy.Interleave(g.A + (long)p0 * g.Lda + i0, g.Lda, mc, kc, dst, mr);
            return;
        }

        // A is stored [m×k]: each panel is mr source rows transposed.
        for (var ip = 0; ip < mc; ip += mr, dst += (long)kc * mr)
        {
            GemmPanelCopy.Transpose(g.A + (long)(i0 + ip) * g.Lda + p0, g.Lda, Math.Min(mr, mc - ip), kc, dst, mr);
        }
    }

    /// <summary>Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into ⌈nc/nr⌉ panels of kc×nr.</summary>
    public static void PackB(in GemmProblem g, int p0, int kc, int j0, int nc, float* dst, int nr)
    {
        if (!g.TransB)
        {
            // B is stored [k×n]: row p of the source holds all nc values this panel set needs at depth p.
            GemmPanelCopy.Interleave(g.B + (long)p0 * g.Ldb + j0, g.Ldb, nc, kc, dst, nr);
            return;
        }

        // B is stored [n×k]: each panel is nr source rows transposed.
        for (var jp = 0; jp < nc; jp += nr, dst += (long)kc * nr)
        {
            GemmPanelCopy.Transpose(g.B + (long)(j0 + jp) * g.Ldb + p0, g.Ldb, Math.Min(nr, nc - jp), kc, dst, nr);
        }
    }
}
