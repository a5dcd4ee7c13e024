namespace RaRlhf.Tensors.Safetensors;

/// <summary>A safetensors file is malformed or does not hold what the caller asked for.</summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException(string filePath, string? tensorName, string problem)
        : base(Describe(filePath, tensorName, problem))
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    /// <summary>The file that failed validation.</summary>
    public string FilePath { get; }

    /// <summary>The offending tensor, or null when the problem is in the file as a whole.</summary>
    public string? TensorName { get; }

    private static string Describe(string filePath, string? tensorName, string problem) =>
        tensorName is null
            ? $"safetensors file '{filePath}': {problem}"
            : $"safetensors file '{filePath}', tensor '{tensorName}': {problem}";
}
