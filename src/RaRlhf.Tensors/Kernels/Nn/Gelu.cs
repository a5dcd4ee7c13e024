using System.Numerics.Tensors;

namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// GELU, tanh approximation ("gelu_new"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), vectorised in cache-sized
/// blocks, blocks in parallel. Reference: <see cref="GeluReference"/>.
/// </summary>
public static class Gelu
{
    internal const float Scale = 0.7978845608028654f; // sqrt(2 / pi)
    private const float Cubic = 0.044715f;
    private const int Block = 2048;

    /// <summary>output = gelu(inp); output may alias inp. Per block the same vector kernel as the tape op
    /// (<see cref="Elementwise.Gelu"/>), so both give bit-identical results.</summary>
    public static void Forward(Memory<float> output, ReadOnlyMemory<float> inp, int n)
    {
        var blocks = (n + Block - 1) / Block;
        RowParallel.For(blocks, Block, (start, end) =>
        {
            var offset = start * Block;
            var len = Math.Min(end * Block, n) - offset;
            Elementwise.Gelu(inp.Span.Slice(offset, len), output.Span.Slice(offset, len));
        });
    }

    /// <summary>dinp = gelu'(inp) · dout (overwrites dinp; it may alias dout).</summary>
    public static void Backward(Memory<float> dinp, ReadOnlyMemory<float> inp, ReadOnlyMemory<float> dout, int n)
    {
        var blocks = (n + Block - 1) / Block;
        RowParallel.For(blocks, 2 * Block, (start, end) =>
        {
            var t = new float[Block];
            var w = new float[Block];
            for (var blk = start; blk < end; blk++)
            {
                var offset = blk * Block;
                var len = Math.Min(Block, n - offset);
                var x = inp.Span.Slice(offset, len);
                var tanh = t.AsSpan(0, len);
                var slope = w.AsSpan(0, len);
                Inner(x, tanh);
                TensorPrimitives.Tanh(tanh, tanh);
                // slope = 0.5·x·(1 − tanh²)·s·(1 + 3·0.044715·x²)
                TensorPrimitives.Multiply(x, x, slope);
                TensorPrimitives.Multiply(slope, 3f * Cubic * Scale * 0.5f, slope);
                TensorPrimitives.Add(slope, 0.5f * Scale, slope);
                TensorPrimitives.Multiply(slope, x, slope);
                for (var i = 0; i < len; i++)
                {
                    var th = tanh[i];
                    slope[i] = slope[i] * (1f - th * th) + 0.5f * (1f + th);
                }

                TensorPrimitives.Multiply(slope, dout.Span.Slice(offset, len), dinp.Span.Slice(offset, len));
            }
        });
    }

    /// <summary>u = √(2/π)·(x + 0.044715·x³).</summary>
    private static void Inner(ReadOnlySpan<float> x, Span<float> u)
    {
        TensorPrimitives.Multiply(x, x, u);
        TensorPrimitives.Multiply(u, Cubic * Scale, u);
        TensorPrimitives.Add(u, Scale, u);
        TensorPrimitives.Multiply(u, x, u);
    }
}
