namespace RaRlhf.Tensors.Safetensors;

/// <summary>Element types this engine reads (F16 and BF16 are widened to float on read); it writes F32 and F16.</summary>
public enum SafetensorsDtype
{
    F32,
    F16,
    BF16,
}
