namespace RaRlhf.Tensors;

public sealed partial class Tensor
{
    public static Tensor Zeros(params int[] shape) => new(new float[Shapes.SizeOf(shape)], shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[Shapes.SizeOf(shape)];
        Array.Fill(data, value);
        return new Tensor(data, shape);
    }

    /// <summary>A one-element tensor of shape [].</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>Copies <paramref name="values"/> into a new tensor of shape <paramref name="shape"/>.</summary>
    public static Tensor From(ReadOnlySpan<float> values, params int[] shape)
    {
        var size = Shapes.SizeOf(shape);
        if (size != values.Length)
        {
            throw new ArgumentException($"Shape {Shapes.Format(shape)} holds {size} floats but {values.Length} were given.");
        }

        return new Tensor(values.ToArray(), shape);
    }

    /// <summary>A trainable leaf: copies the values and sets <see cref="RequiresGrad"/>.</summary>
    public static Tensor Parameter(ReadOnlySpan<float> values, params int[] shape)
    {
        var t = From(values, shape);
        t.RequiresGrad = true;
        return t;
    }
}
