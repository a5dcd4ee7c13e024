namespace RaRlhf.Tensors;

/// <summary>Small helpers over <c>int[]</c> shapes (row-major, outermost first).</summary>
public static class Shapes
{
    public static int SizeOf(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative dimension in shape {Format(shape)}.");
            }

            size *= d;
        }

        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"Shape {Format(shape)} has {size} elements, more than one array can hold.");
        }

        return (int)size;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Resolves a possibly negative dimension index (-1 = last).</summary>
    public static int Axis(int dim, int rank)
    {
        var axis = dim < 0 ? dim + rank : dim;
        if (axis < 0 || axis >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for rank {rank}.");
        }

        return axis;
    }

    public static int FlatIndex(ReadOnlySpan<int> shape, ReadOnlySpan<int> index)
    {
        if (index.Length != shape.Length)
        {
            throw new ArgumentException($"Index of rank {index.Length} for a tensor of shape {Format(shape)}.");
        }

        var flat = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            if ((uint)index[i] >= (uint)shape[i])
            {
                throw new IndexOutOfRangeException($"Index {Format(index)} is outside shape {Format(shape)}.");
            }

            flat = flat * shape[i] + index[i];
        }

        return flat;
    }

    /// <summary>Product of the dimensions before <paramref name="axis"/>, the dimension itself, and the product after it.</summary>
    public static (int Outer, int Dim, int Inner) Split(ReadOnlySpan<int> shape, int axis)
    {
        var outer = SizeOf(shape[..axis]);
        var inner = SizeOf(shape[(axis + 1)..]);
        return (outer, shape[axis], inner);
    }

    /// <summary>The shape with <paramref name="axis"/> removed (or set to 1 when keeping dims).</summary>
    public static int[] Reduce(ReadOnlySpan<int> shape, int axis, bool keepDim)
    {
        var result = new List<int>(shape.ToArray());
        if (keepDim)
        {
            result[axis] = 1;
        }
        else
        {
            result.RemoveAt(axis);
        }

        return [.. result];
    }
}
