namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Naive scalar definitions of the elementwise kernels in <see cref="Elementwise"/>, one loop each, for tests.
/// </summary>
public static class ElementwiseReference
{
    public const float GeluScale = 0.7978845608028654f; // sqrt(2/pi)
    public const float GeluCubic = 0.044715f;

    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++) { y[i] = a[i] + b[i]; }
    }

    public static void Mul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++) { y[i] = a[i] * b[i]; }
    }

    public static void Div(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++) { y[i] = a[i] / b[i]; }
    }

    /// <summary>y += s · x (axpy): the gradient accumulation every backward uses.</summary>
    public static void AddScaledInPlace(Span<float> y, ReadOnlySpan<float> x, float s)
    {
        for (var i = 0; i < y.Length; i++) { y[i] += s * x[i]; }
    }

    /// <summary>y += a · b.</summary>
    public static void AddProductInPlace(Span<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (var i = 0; i < y.Length; i++) { y[i] += a[i] * b[i]; }
    }

    /// <summary>y += s · exp(x − shift): the softmax term of log-softmax / cross-entropy gradients.</summary>
    public static void AddScaledExpInPlace(Span<float> y, ReadOnlySpan<float> x, float shift, float s)
    {
        for (var i = 0; i < y.Length; i++) { y[i] += s * MathF.Exp(x[i] - shift); }
    }

    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++) { y[i] = MathF.Exp(x[i]); }
    }

    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++) { y[i] = MathF.Tanh(x[i]); }
    }

    /// <summary>GPT-2 "gelu_new": 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            var v = x[i];
            var t = MathF.Tanh(GeluScale * (v + GeluCubic * v * v * v));
            y[i] = 0.5f * v * (1f + t);
        }
    }

    /// <summary>dx += dy · gelu'(x).</summary>
    public static void GeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < dx.Length; i++)
        {
            var v = x[i];
            var t = MathF.Tanh(GeluScale * (v + GeluCubic * v * v * v));
            var du = GeluScale * (1f + 3f * GeluCubic * v * v);
            dx[i] += dy[i] * (0.5f * (1f + t) + 0.5f * v * (1f - t * t) * du);
        }
    }

    /// <summary>Softmax of one row: exp(x - max) / Σ exp(x - max).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = float.NegativeInfinity;
        foreach (var v in x) { max = MathF.Max(max, v); }

        double sum = 0;
        for (var i = 0; i < x.Length; i++) { y[i] = MathF.Exp(x[i] - max); sum += y[i]; }

        for (var i = 0; i < x.Length; i++) { y[i] = (float)(y[i] / sum); }
    }

    /// <summary>Log-softmax of one row: x - max - log Σ exp(x - max).</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = float.NegativeInfinity;
        foreach (var v in x) { max = MathF.Max(max, v); }

        double sum = 0;
        foreach (var v in x) { sum += Math.Exp(v - max); }

        var lse = max + (float)Math.Log(sum);
        for (var i = 0; i < x.Length; i++) { y[i] = x[i] - lse; }
    }
}
