namespace RaRlhf.Models;

/// <summary>One named tensor inside the flat parameter buffer (Hugging Face name without the <c>transformer.</c> prefix).</summary>
public sealed record ParameterView(string Name, long[] Shape, int Offset, int Length);
