using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>The two packing moves: cut contiguous source rows into panels, or transpose source rows into one.</summary>
internal static unsafe class GemmPanelCopy
{
    /// <summary>
    /// Source rows p &lt; kc (stride ld) of <paramref name="count"/> floats → ⌈count/width⌉ panels of kc×width:
    /// panel t gets dst[t·kc·width + p·width + r] = src[p·ld + t·width + r], zero past <paramref name="count"/>.
    /// </summary>
    // Full JIT optimisation from the first call: tier-0 code here is ~5× slower and early calls matter.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Interleave(float* src, long ld, int count, int kc, float* dst, int width)
    {
        var fullPanels = width >= 8 ? count / width : 0;
        var panelStride = (long)kc * width;
        for (var p = 0; p < kc; p++, src += ld)
        {
            var d = dst + p * width;
            var t = 0;
            for (; t < fullPanels; t++, d += panelStride)
            {
                var s = src + t * width;
                for (var r = 0; r + 8 <= width; r += 8) Vector256.Store(Vector256.Load(s + r), d + r);
                // Overlapping last 8 floats: never reads past the row when width is not a multiple of 8.
                if (width % 8 != 0) Vector256.Store(Vector256.Load(s + width - 8), d + width - 8);
            }

            for (var c0 = t * width; c0 < count; c0 += width, d += panelStride)
            {
                var valid = Math.Min(width, count - c0);
                var r = 0;
                for (; r < valid; r++) d[r] = src[c0 + r];
                for (; r < width; r++) d[r] = 0f;
            }
        }
    }

    /// <summary>
    /// <paramref name="rows"/> ≤ width source rows (stride ld), kc floats each → one kc×width panel:
    /// dst[p·width + r] = src[r·ld + p], zero for r ≥ rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(float* src, long ld, int rows, int kc, float* dst, int width)
    {
        var p = 0;
        if (GemmTranspose.IsSupported)
        {
            // 8×8 blocks; row blocks go last to first so the junk lanes a partial block writes past its rows
            // land on lanes that are written afterwards (this k-step's padding, zeroed below, or the next
            // k-step's first rows; buffers have slack for the very last). Two blocks per row group use each
            // 64-byte source line fully before moving on.
            var top = (rows - 1) / 8 * 8;
            for (; p + 16 <= kc; p += 16)
            {
                for (var r = top; r >= 0; r -= 8)
                {
                    var n = Math.Min(8, rows - r);
                    GemmTranspose.Block8x8(src + r * ld + p, ld, dst + p * width + r, width, n);
                    GemmTranspose.Block8x8(src + r * ld + p + 8, ld, dst + (p + 8) * width + r, width, n);
                }
            }

            for (; p + 8 <= kc; p += 8)
            {
                for (var r = top; r >= 0; r -= 8)
                {
                    GemmTranspose.Block8x8(src + r * ld + p, ld, dst + p * width + r, width, Math.Min(8, rows - r));
                }
            }

            if (rows < width)
            {
                for (var q = 0; q < p; q++) new Span<float>(dst + q * width + rows, width - rows).Clear();
            }
        }

        for (; p < kc; p++)
        {
            var d = dst + p * width;
            var r = 0;
            for (; r < rows; r++) d[r] = src[r * ld + p];
            for (; r < width; r++) d[r] = 0f;
        }
    }
}
