namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// GELU, tanh approximation ("gelu_new"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Reference: <see cref="GeluReference"/>.
/// </summary>
public static class Gelu
{
    internal const float Scale = 0.7978845608028654f; // sqrt(2 / pi)

    public static void Forward(Memory<float> output, ReadOnlyMemory<float> inp, int n)
    {
        RowParallel.For(n, 1, (start, end) =>
        {
            var x = inp.Span;
            var y = output.Span;
            for (var i = start; i < end; i++)
            {
                var v = x[i];
                y[i] = 0.5f * v * (1f + MathF.Tanh(Scale * (v + 0.044715f * v * v * v)));
            }
        });
    }

    /// <summary>dinp = gelu'(inp) · dout (overwrites dinp; it may alias dout).</summary>
    public static void Backward(Memory<float> dinp, ReadOnlyMemory<float> inp, ReadOnlyMemory<float> dout, int n)
    {
        RowParallel.For(n, 2, (start, end) =>
        {
            var x = inp.Span;
            var dy = dout.Span;
            var dx = dinp.Span;
            for (var i = start; i < end; i++)
            {
                var v = x[i];
                var t = MathF.Tanh(Scale * (v + 0.044715f * v * v * v));
                var sech2 = 1f - t * t;
                dx[i] = dy[i] * (0.5f * (1f + t) + 0.5f * v * sech2 * Scale * (1f + 3f * 0.044715f * v * v));
            }
        });
    }
}
