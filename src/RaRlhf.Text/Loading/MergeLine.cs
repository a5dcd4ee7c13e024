namespace RaRlhf.Text.Loading;

/// <summary>Parses one merge written as "left right" (merges.txt, vocab.bpe, older tokenizer.json).</summary>
internal static class MergeLine
{
    public static (string Left, string Right) Parse(string path, string line, string where)
    {
        var space = line.IndexOf(' ');
        if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
        {
            throw new TokenizerFormatException(path, $"{where}: merge '{line}' is not two tokens separated by one space");
        }

        return (line[..space], line[(space + 1)..]);
    }
}
