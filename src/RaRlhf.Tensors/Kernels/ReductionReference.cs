namespace RaRlhf.Tensors.Kernels;

/// <summary>Naive scalar reductions, accumulated in double: the definitions <see cref="Reduction"/> is tested against.</summary>
public static class ReductionReference
{
    public static float Sum(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) { s += v; }

        return (float)s;
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) { s += (double)a[i] * b[i]; }

        return (float)s;
    }

    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) { s += (double)v * v; }

        return s;
    }

    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        var max = Max(x);
        double sum = 0;
        foreach (var v in x) { sum += Math.Exp(v - max); }

        return max + (float)Math.Log(sum);
    }

    public static float Max(ReadOnlySpan<float> x)
    {
        var m = float.NegativeInfinity;
        foreach (var v in x) { m = MathF.Max(m, v); }

        return m;
    }
}
