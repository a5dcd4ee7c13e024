namespace RaRlhf.Text.Datasets;

/// <summary>
/// Prompts from a user's file, so a held-out set can be evaluated without code changes: <c>.csv</c> (header row,
/// RFC 4180) or <c>.jsonl</c> (one object per line; the column may be a dotted path such as <c>prompt.text</c>).
/// </summary>
public static class PromptFile
{
    /// <summary>
    /// Reads every row's <paramref name="textColumn"/>; ids come from <paramref name="idColumn"/> when given, else
    /// <c>file:line</c>. A missing column names the columns that exist; an empty file or blank text is an error.
    /// </summary>
    public static IReadOnlyList<PromptCandidate> Load(string path, string textColumn = "text", string? idColumn = null)
    {
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"prompt file '{path}' does not exist; pass an existing .csv or .jsonl file");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        var prompts = extension switch
        {
            ".csv" => LoadCsv(path, textColumn, idColumn),
            ".jsonl" => LoadJsonl(path, textColumn, idColumn),
            _ => throw new DatasetFormatException(path, 0, $"unknown prompt file type '{extension}'", "Use a .csv file with a header row or a .jsonl file"),
        };
        return prompts.Count > 0
            ? prompts
            : throw new DatasetFormatException(path, 0, "the file holds no prompts", "Add at least one row");
    }

    private static List<PromptCandidate> LoadCsv(string path, string textColumn, string? idColumn)
    {
        using var csv = CsvReader.Open(path);
        var text = csv.ColumnIndex(textColumn);
        var id = idColumn is null ? -1 : csv.ColumnIndex(idColumn);
        var name = Path.GetFileName(path);
        var prompts = new List<PromptCandidate>();
        while (csv.Read())
        {
            var value = csv.GetString(text);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw csv.Error($"column '{textColumn}' is empty", "Remove the row or give it a prompt");
            }

            prompts.Add(new PromptCandidate(id < 0 ? $"{name}:{csv.LineNumber}" : csv.GetString(id), value, null));
        }

        return prompts;
    }

    private static List<PromptCandidate> LoadJsonl(string path, string textColumn, string? idColumn)
    {
        using var jsonl = JsonlReader.Open(path);
        var name = Path.GetFileName(path);
        var prompts = new List<PromptCandidate>();
        while (jsonl.Read())
        {
            if (!jsonl.Has(textColumn))
            {
                var found = string.Join(", ", jsonl.Root.EnumerateObject().Select(p => p.Name));
                throw jsonl.Error($"no field '{textColumn}'; this line has: {found}", "Pass --text-column with one of those (dotted paths reach nested fields)");
            }

            var value = jsonl.GetString(textColumn);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw jsonl.Error($"field '{textColumn}' is empty", "Remove the line or give it a prompt");
            }

            var key = idColumn is null ? $"{name}:{jsonl.LineNumber}" : jsonl.Get(idColumn).ToString();
            prompts.Add(new PromptCandidate(key, value, null));
        }

        return prompts;
    }
}
