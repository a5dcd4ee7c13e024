
namespace RaRlhf.Text.Corpus;

/// <summary>
/// Reads documents from corpus files by extension: <c>.csv</c> (the <c>text</c> column, or the only column),
/// <c>.jsonl</c> (the <c>"text"</c> field of each line), anything else as plain text, one document per line.
/// </summary>
public static class CorpusReader
{
    public static IEnumerable<string> ReadTexts(string path, string column = "text")
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: corpus file not found", path);
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(path, column),
            ".jsonl" => ReadJsonLines(path, column),
            _ => File.ReadLines(path),
        };
    }

    private static IEnumerable<string> ReadCsv(string path, string column)
    {
        using var csv = new CsvRecordReader(path);
        var header = csv.Read() ?? throw new InvalidDataException($"{path}: empty CSV file (no header)");
        var index = header.Length == 1 ? 0 : Array.IndexOf(header, column);
        if (index < 0)
        {
            throw new InvalidDataException(
                $"{path}: no '{column}' column in the header ({string.Join(",", header)})");
        }

        while (true)
        {
            var line = csv.Line;
            var record = csv.Read();
            if (record is null)
            {
                yield break;
            }

            if (record.Length != header.Length)
            {
                throw new InvalidDataException(
                    $"{path}: line {line}: {record.Length} fields where the header has {header.Length}");
            }

            yield return record[index];
        }
    }

    private static IEnumerable<string> ReadJsonLines(string path, string field)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return JsonLine.ReadText(line, field, $"{path}: line {lineNumber}");
        }
    }
}
