namespace RaRlhf.Tensors.Tests.Kernels.Nn;

/// <summary>Deterministic inputs and comparison helpers for the NN kernel tests.</summary>
internal static class NnTestData
{
    public static float[] Random(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>Max |a − b| / (1 + |b|), printed so a failing or marginal test shows how far off it is.</summary>
    public static double MaxRelDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b, string what)
    {
        Assert.Equal(b.Length, a.Length);
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]) / (1 + Math.Abs(b[i])));
        }

        Console.WriteLine($"{what}: max rel diff {max:E2}");
        return max;
    }

    /// <summary>Central finite difference of a scalar loss with respect to input i.</summary>
    public static double FiniteDifference(float[] x, int i, Func<double> loss, float h = 1e-2f)
    {
        var keep = x[i];
        x[i] = keep + h;
        var up = loss();
        x[i] = keep - h;
        var down = loss();
        x[i] = keep;
        return (up - down) / (2 * h);
    }
}
