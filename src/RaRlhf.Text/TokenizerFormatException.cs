namespace RaRlhf.Text;

/// <summary>A tokenizer file that cannot be used: names the file and says what is wrong with it.</summary>
public sealed class TokenizerFormatException : FormatException
{
    public TokenizerFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file (or files) the tokenizer was read from.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
