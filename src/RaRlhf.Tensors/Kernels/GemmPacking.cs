using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the layouts the micro-kernel streams through: A as micro-panels of
/// <c>mr</c> rows stored k-major (mr consecutive floats per k), B as micro-panels of <c>nr</c> columns stored
/// k-major (nr consecutive floats per k). Ragged last panels are zero-padded so the kernel never branches on
/// edges; transposition is absorbed here, so one kernel serves all four transpose combinations.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into ⌈mc/mr⌉ panels of kc×mr.</summary>
    public static void PackA(in GemmProblem g, int i0, int mc, int p0, int kc, float* dst, int mr)
    {
        for (var ip = 0; ip < mc; ip += mr, dst += (long)kc * mr)
        {
            var rows = Math.Min(mr, mc - ip);
            if (g.TransA)
            {
                // A is stored [k×m]: each k gives mr contiguous values of the panel.
                var src = g.A + (long)p0 * g.Lda + i0 + ip;
                for (var p = 0; p < kc; p++, src += g.Lda)
                {
                    var d = dst + p * mr;
                    var r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < mr; r++) d[r] = 0f;
                }
            }
            else
            {
                // A is stored [m×k]: read each row contiguously, scatter with stride mr.
                var r = 0;
                for (; r < rows; r++)
                {
                    var src = g.A + (long)(i0 + ip + r) * g.Lda + p0;
                    var d = dst + r;
                    for (var p = 0; p < kc; p++) d[p * mr] = src[p];
                }

                for (; r < mr; r++)
                {
                    for (var p = 0; p < kc; p++) dst[p * mr + r] = 0f;
                }
            }
        }
    }

    /// <summary>Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into ⌈nc/nr⌉ panels of kc×nr.</summary>
    public static void PackB(in GemmProblem g, int p0, int kc, int j0, int nc, float* dst, int nr)
    {
        for (var jp = 0; jp < nc; jp += nr, dst += (long)kc * nr)
        {
            var cols = Math.Min(nr, nc - jp);
            if (!g.TransB)
            {
                // B is stored [k×n]: each k gives nr contiguous values of the panel.
                var src = g.B + (long)p0 * g.Ldb + j0 + jp;
                if (cols == nr && nr % Vector256<float>.Count == 0)
                {
                    for (var p = 0; p < kc; p++, src += g.Ldb)
                    {
                        var d = dst + p * nr;
                        for (var j = 0; j < nr; j += Vector256<float>.Count)
                        {
                            Vector256.Store(Vector256.Load(src + j), d + j);
                        }
                    }

                    continue;
                }

                for (var p = 0; p < kc; p++, src += g.Ldb)
                {
                    var d = dst + p * nr;
                    var j = 0;
                    for (; j < cols; j++) d[j] = src[j];
                    for (; j < nr; j++) d[j] = 0f;
                }
            }
            else
            {
                // B is stored [n×k]: read each column of op(B) contiguously, scatter with stride nr.
                var j = 0;
                for (; j < cols; j++)
                {
                    var src = g.B + (long)(j0 + jp + j) * g.Ldb + p0;
                    var d = dst + j;
                    for (var p = 0; p < kc; p++) d[p * nr] = src[p];
                }

                for (; j < nr; j++)
                {
                    for (var p = 0; p < kc; p++) dst[p * nr + j] = 0f;
                }
            }
        }
    }
}
