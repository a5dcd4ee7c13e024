using System.Numerics.Tensors;

namespace RaRlhf.Tensors.Kernels;

/// <summary>SIMD reductions (TensorPrimitives); scalar twins in <see cref="ReductionReference"/>.</summary>
public static class Reduction
{
    public static float Sum(ReadOnlySpan<float> x) => TensorPrimitives.Sum(x);

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>Σx² with float SIMD lanes per 4096-block, blocks summed in double (grad-norm of 100M+ parameters).</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        const int block = 4096;
        double total = 0;
        for (var start = 0; start < x.Length; start += block)
        {
            total += TensorPrimitives.SumOfSquares(x.Slice(start, Math.Min(block, x.Length - start)));
        }

        return total;
    }

    /// <summary>log Σ exp(x): max-shifted, exp in SIMD chunks, chunk sums accumulated in double.</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        const int chunk = 512;
        var max = Max(x);
        if (float.IsNegativeInfinity(max))
        {
            return max;
        }

        Span<float> t = stackalloc float[chunk];
        double sum = 0;
        for (var start = 0; start < x.Length; start += chunk)
        {
            var ts = t[..Math.Min(chunk, x.Length - start)];
            TensorPrimitives.Subtract(x.Slice(start, ts.Length), max, ts);
            TensorPrimitives.Exp(ts, ts);
            sum += TensorPrimitives.Sum<float>(ts);
        }

        return max + (float)Math.Log(sum);
    }

    public static float Max(ReadOnlySpan<float> x) => x.IsEmpty ? float.NegativeInfinity : TensorPrimitives.Max(x);
}
