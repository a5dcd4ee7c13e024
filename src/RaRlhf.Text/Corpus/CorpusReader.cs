using RaRlhf.Text.Datasets;

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

    // The strict dataset reader: malformed records, wrong field counts and invalid UTF-8 throw DatasetFormatException.
    private static IEnumerable<string> ReadCsv(string path, string column)
    {
        using var csv = CsvReader.Open(path);
        var index = csv.Header.Count == 1 ? 0 : csv.ColumnIndex(column);
        while (csv.Read())
        {
            yield return csv.GetString(index);
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
