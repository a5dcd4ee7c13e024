namespace RaRlhf.Tensors.Safetensors;

/// <summary>One header entry: name, element type, shape and byte range relative to the start of the data section.</summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDtype Dtype, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (acc, d) => acc * d);

    /// <summary>Bytes per element of <see cref="Dtype"/>.</summary>
    public int ElementSize => Dtype == SafetensorsDtype.F32 ? 4 : 2;
}
