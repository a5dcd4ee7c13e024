using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// SIMD elementwise kernels (System.Numerics.Tensors.TensorPrimitives, which picks Vector512/256/128 for the CPU,
/// plus explicit Vector256 where no primitive fits). Each has a scalar twin in <see cref="ElementwiseReference"/>.
/// </summary>
public static class Elementwise
{
    // Work in L1-sized chunks so multi-pass kernels (GELU) stay in cache.
    private const int Chunk = 512;

    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(a, b, y);

    public static void Mul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

    public static void Div(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Divide(a, b, y);

    public static void AddScaledInPlace(Span<float> y, ReadOnlySpan<float> x, float s) => TensorPrimitives.MultiplyAdd(x, s, y, y);

    public static void AddProductInPlace(Span<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.MultiplyAdd(a, b, y, y);

    public static void AddScaledExpInPlace(Span<float> y, ReadOnlySpan<float> x, float shift, float s)
    {
        Span<float> t = stackalloc float[Chunk];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var ts = t[..Math.Min(Chunk, x.Length - start)];
            TensorPrimitives.Subtract(x.Slice(start, ts.Length), shift, ts);
            TensorPrimitives.Exp(ts, ts);
            var ys = y.Slice(start, ts.Length);
            TensorPrimitives.MultiplyAdd(ts, s, ys, ys);
        }
    }

    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);

    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    public static void Gelu(ReadOnlySpan<float> x, Span<float> y)
    {
        Span<float> t = stackalloc float[Chunk];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            var ts = t[..n];
            GeluTanh(xs, ts);
            TensorPrimitives.Add(ts, 1f, ts);
            TensorPrimitives.Multiply(ts, xs, ts);
            TensorPrimitives.Multiply(ts, 0.5f, y.Slice(start, n));
        }
    }

    public static void GeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Span<float> t = stackalloc float[Chunk];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            GeluTanh(xs, t[..n]);
            GeluBackwardCombine(xs, t[..n], dy.Slice(start, n), dx.Slice(start, n));
        }
    }

    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Multiply(y, 1f / TensorPrimitives.Sum<float>(y), y);
    }

    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        var lse = max + MathF.Log(TensorPrimitives.Sum<float>(y));
        TensorPrimitives.Subtract(x, lse, y);
    }

    // t = tanh(√(2/π)·(x + 0.044715·x³)) = tanh(x·(√(2/π) + √(2/π)·0.044715·x²)).
    private static void GeluTanh(ReadOnlySpan<float> x, Span<float> t)
    {
        TensorPrimitives.Multiply(x, x, t);
        TensorPrimitives.Multiply(t, ElementwiseReference.GeluScale * ElementwiseReference.GeluCubic, t);
        TensorPrimitives.Add(t, ElementwiseReference.GeluScale, t);
        TensorPrimitives.Multiply(t, x, t);
        TensorPrimitives.Tanh(t, t);
    }

    // dx += dy·(0.5·(1+t) + 0.5·x·(1−t²)·√(2/π)·(1 + 3·0.044715·x²)).
    private static void GeluBackwardCombine(ReadOnlySpan<float> x, ReadOnlySpan<float> t, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var half = Vector256.Create(0.5f);
            var one = Vector256.Create(1f);
            var scale = Vector256.Create(ElementwiseReference.GeluScale);
            var cubic3 = Vector256.Create(3f * ElementwiseReference.GeluCubic);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var xv = Vector256.Create(x.Slice(i, Vector256<float>.Count));
                var tv = Vector256.Create(t.Slice(i, Vector256<float>.Count));
                var du = scale * (one + cubic3 * xv * xv);
                var local = half * (one + tv) + half * xv * (one - tv * tv) * du;
                var acc = Vector256.Create(dx.Slice(i, Vector256<float>.Count)) + Vector256.Create(dy.Slice(i, Vector256<float>.Count)) * local;
                acc.CopyTo(dx.Slice(i, Vector256<float>.Count));
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] += dy[i] * GeluLocalGradient(x[i], t[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float GeluLocalGradient(float x, float t)
    {
        var du = ElementwiseReference.GeluScale * (1f + 3f * ElementwiseReference.GeluCubic * x * x);
        return 0.5f * (1f + t) + 0.5f * x * (1f - t * t) * du;
    }
}
