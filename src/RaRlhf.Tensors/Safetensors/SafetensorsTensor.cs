namespace RaRlhf.Tensors.Safetensors;

/// <summary>A float32 tensor to write: name, shape and row-major data (length = product of the shape).</summary>
public sealed record SafetensorsTensor(string Name, long[] Shape, ReadOnlyMemory<float> Data);
