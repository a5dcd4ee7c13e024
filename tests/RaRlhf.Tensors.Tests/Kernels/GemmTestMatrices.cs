namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>Deterministic inputs and the comparison every GEMM test uses.</summary>
internal static class GemmTestMatrices
{
    /// <summary>Uniform values in [-1, 1) from splitmix64, so failures reproduce exactly.</summary>
    public static float[] Random(long length, ulong seed)
    {
        var values = new float[length];
        var state = seed;
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            values[i] = (float)((z >> 40) / (double)(1UL << 24) * 2.0 - 1.0);
        }

        return values;
    }

    /// <summary>
    /// Tolerance for entries in [-1, 1]: float32 accumulation error grows at worst linearly in k, so the bound
    /// is 1e-6 · (k + 1) · (|alpha| + |beta|), about 16 ulps per term; an indexing bug is off by O(1).
    /// </summary>
    public static double Tolerance(int k, float alpha, float beta) => 1e-6 * (k + 1) * (Math.Abs(alpha) + Math.Abs(beta));

    /// <summary>Largest |expected − actual| over the m×n block (stride ldc); NaN anywhere counts as infinite.</summary>
    public static double MaxAbsDiff(float[] expected, float[] actual, int m, int n, int ldc)
    {
        double max = 0;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var d = Math.Abs((double)expected[i * ldc + j] - actual[i * ldc + j]);
                max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
            }
        }

        return max;
    }
}
