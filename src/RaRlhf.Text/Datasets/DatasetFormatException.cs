namespace RaRlhf.Text.Datasets;

/// <summary>
/// A dataset file that cannot be read as its format promises. The message always names the file, the physical
/// line where the offending record starts (1-based; 0 when the problem concerns the whole file), what is wrong and
/// what to do about it, e.g. <c>imdb_train.csv:1203: unterminated quoted field. Close the quote ...</c>.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string file, long line, string problem, string remedy, Exception? inner = null)
        : base(Format(file, line, problem, remedy), inner)
    {
        File = file;
        Line = line;
        Problem = problem;
        Remedy = remedy;
    }

    /// <summary>The path (or source name) of the file.</summary>
    public string File { get; }

    /// <summary>1-based physical line where the offending record starts; 0 for whole-file problems.</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>What the user can do about it.</summary>
    public string Remedy { get; }

    private static string Format(string file, long line, string problem, string remedy) =>
        line > 0 ? $"{file}:{line}: {problem}. {remedy}" : $"{file}: {problem}. {remedy}";
}
