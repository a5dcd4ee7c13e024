using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Ops;

/// <summary>Reshape (a free view), transpose, slice and concat along one dimension (copies).</summary>
public static class ShapeOps
{
    /// <summary>Same data (and gradient storage) under a new shape; one dimension may be -1 (inferred).</summary>
    public static Tensor Reshape(this Tensor x, params int[] shape)
    {
        var resolved = (int[])shape.Clone();
        var infer = Array.IndexOf(resolved, -1);
        if (infer >= 0)
        {
            resolved[infer] = 1;
            var known = Shapes.SizeOf(resolved);
            resolved[infer] = known == 0 ? 0 : x.Size / known;
        }

        if (Shapes.SizeOf(resolved) != x.Size)
        {
            throw new ArgumentException($"Reshape: {Shapes.Format(x.Shape)} ({x.Size} elements) cannot become {Shapes.Format(shape)}.");
        }

        var y = x.ShareStorage(resolved);
        return Graph.Record(y, [x], static () => { }); // gradients already land in x's storage
    }

    /// <summary>Swaps dimensions <paramref name="dim0"/> and <paramref name="dim1"/> (copying).</summary>
    public static Tensor Transpose(this Tensor x, int dim0, int dim1)
    {
        var d0 = Shapes.Axis(dim0, x.Rank);
        var d1 = Shapes.Axis(dim1, x.Rank);
        if (d0 == d1)
        {
            return x.Reshape(x.Shape);
        }

        (d0, d1) = (Math.Min(d0, d1), Math.Max(d0, d1));
        var shape = (int[])x.Shape.Clone();
        (shape[d0], shape[d1]) = (shape[d1], shape[d0]);
        var y = Tensor.Zeros(shape);
        var dims = Blocks(x.Shape, d0, d1);
        Swap(dims, x.Data, y.Data, accumulate: false);
        return Graph.Record(y, [x], () => Swap(dims with { N0 = dims.N1, N1 = dims.N0 }, y.Grad, x.Grad, accumulate: true));
    }

    /// <summary>Elements [start, start + length) along <paramref name="dim"/> (copying).</summary>
    public static Tensor Slice(this Tensor x, int dim, int start, int length)
    {
        var axis = Shapes.Axis(dim, x.Rank);
        var (outer, n, inner) = Shapes.Split(x.Shape, axis);
        if (start < 0 || length < 0 || start + length > n)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) of dimension {dim} with size {n}.");
        }

        var shape = (int[])x.Shape.Clone();
        shape[axis] = length;
        var y = Tensor.Zeros(shape);
        var block = length * inner;
        for (var o = 0; o < outer; o++)
        {
            x.Data.Slice((o * n + start) * inner, block).CopyTo(y.Data.Slice(o * block, block));
        }

        return Graph.Record(y, [x], () =>
        {
            for (var o = 0; o < outer; o++)
            {
                Elementwise.AddScaledInPlace(x.Grad.Slice((o * n + start) * inner, block), y.Grad.Slice(o * block, block), 1f);
            }
        });
    }

    /// <summary>Joins tensors whose shapes agree except along <paramref name="dim"/>.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts, int dim)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.");
        }

        var axis = Shapes.Axis(dim, parts[0].Rank);
        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = 0;
        foreach (var p in parts)
        {
            var probe = (int[])p.Shape.Clone();
            probe[axis] = 0;
            var expected = (int[])parts[0].Shape.Clone();
            expected[axis] = 0;
            if (!Shapes.Equal(probe, expected))
            {
                throw new ArgumentException($"Concat along {dim}: shape {Shapes.Format(p.Shape)} does not match {Shapes.Format(parts[0].Shape)}.");
            }

            shape[axis] += p.Shape[axis];
        }

        var y = Tensor.Zeros(shape);
        var (outer, total, inner) = Shapes.Split(shape, axis);
        var offset = 0;
        var offsets = new int[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            offsets[i] = offset;
            var block = parts[i].Shape[axis] * inner;
            for (var o = 0; o < outer; o++)
            {
                parts[i].Data.Slice(o * block, block).CopyTo(y.Data.Slice((o * total + offset) * inner, block));
            }

            offset += parts[i].Shape[axis];
        }

        return Graph.Record(y, [.. parts], () =>
        {
            for (var i = 0; i < parts.Count; i++)
            {
                if (!parts[i].RequiresGrad) { continue; }

                var block = parts[i].Shape[axis] * inner;
                for (var o = 0; o < outer; o++)
                {
                    Elementwise.AddScaledInPlace(parts[i].Grad.Slice(o * block, block), y.Grad.Slice((o * total + offsets[i]) * inner, block), 1f);
                }
            }
        });
    }

    // x viewed as (A, N0, B, N1, C) with the swapped dims N0 and N1.
    private readonly record struct SwapDims(int A, int N0, int B, int N1, int C);

    private static SwapDims Blocks(int[] shape, int d0, int d1) => new(
        Shapes.SizeOf(shape.AsSpan(0, d0)), shape[d0], Shapes.SizeOf(shape.AsSpan(d0 + 1, d1 - d0 - 1)), shape[d1],
        Shapes.SizeOf(shape.AsSpan(d1 + 1)));

    // dst (A, N1, B, N0, C)[a, j, b, i, :] (+)= src (A, N0, B, N1, C)[a, i, b, j, :].
    private static void Swap(SwapDims s, ReadOnlySpan<float> src, Span<float> dst, bool accumulate)
    {
        for (var a = 0; a < s.A; a++)
        {
            for (var i = 0; i < s.N0; i++)
            {
                for (var b = 0; b < s.B; b++)
                {
                    for (var j = 0; j < s.N1; j++)
                    {
                        var from = src.Slice((((a * s.N0 + i) * s.B + b) * s.N1 + j) * s.C, s.C);
                        var to = dst.Slice((((a * s.N1 + j) * s.B + b) * s.N0 + i) * s.C, s.C);
                        if (accumulate) { Elementwise.AddScaledInPlace(to, from, 1f); }
                        else { from.CopyTo(to); }
                    }
                }
            }
        }
    }
}
