namespace RaRlhf.Text.Datasets;

/// <summary>
/// The Jigsaw toxic-comment subsets: <c>jigsaw_binary_balanced_12k.csv</c> (comment_text,toxic; 6,090 of each
/// class) and <c>jigsaw_multilabel_samples.csv</c> (id, comment_text, the six labels, source_file). Labels must be 0
/// or 1 and texts non-empty.
/// </summary>
public static class JigsawDataset
{
    public const string BinaryFile = "jigsaw/jigsaw_binary_balanced_12k.csv";
    public const string MultilabelFile = "jigsaw/jigsaw_multilabel_samples.csv";

    /// <summary>Share of the binary set held out for validation (stratified by label; keyed by text).</summary>
    public const double ValidationFraction = 0.1;

    private static readonly (string Column, JigsawLabels Flag)[] LabelColumns =
    [
        ("toxic", JigsawLabels.Toxic), ("severe_toxic", JigsawLabels.SevereToxic), ("obscene", JigsawLabels.Obscene),
        ("threat", JigsawLabels.Threat), ("insult", JigsawLabels.Insult), ("identity_hate", JigsawLabels.IdentityHate),
    ];

    public static IReadOnlyList<JigsawComment> LoadBinary(string path, IProgress<double>? progress = null)
    {
        using var csv = CsvReader.Open(path);
        var text = csv.ColumnIndex("comment_text");
        var toxic = csv.ColumnIndex("toxic");
        var comments = new List<JigsawComment>(12_180);
        while (csv.Read())
        {
            var body = ReadText(csv, text);
            comments.Add(new JigsawComment("jigsaw/" + StableHash.ContentId(body), body, ReadBit(csv, toxic)));
            if (progress is not null && (comments.Count & 1023) == 0)
            {
                progress.Report(csv.Fraction);
            }
        }

        progress?.Report(1);
        return comments;
    }

    public static IReadOnlyList<JigsawMultilabelComment> LoadMultilabel(string path)
    {
        using var csv = CsvReader.Open(path);
        var id = csv.ColumnIndex("id");
        var text = csv.ColumnIndex("comment_text");
        var source = csv.ColumnIndex("source_file");
        var labels = LabelColumns.Select(c => (Index: csv.ColumnIndex(c.Column), c.Flag)).ToArray();
        var comments = new List<JigsawMultilabelComment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var flags = JigsawLabels.None;
            foreach (var (index, flag) in labels)
            {
                flags |= ReadBit(csv, index) ? flag : JigsawLabels.None;
            }

            var key = csv.GetString(id);
            if (key.Length == 0 || !seen.Add(key))
            {
                throw csv.Error(key.Length == 0 ? "empty id" : $"duplicate id '{key}'", "Every comment needs its own Jigsaw id");
            }

            comments.Add(new JigsawMultilabelComment(key, ReadText(csv, text), flags, csv.GetString(source)));
        }

        return comments;
    }

    /// <summary>The fixed validation split of the binary set.</summary>
    public static TrainValidationSplit<JigsawComment> Split(IReadOnlyList<JigsawComment> comments) =>
        DatasetSplit.Split(comments, c => c.Text, c => c.Label, ValidationFraction);

    private static bool ReadBit(CsvReader csv, int column) => csv.GetSpan(column) switch
    {
        "1" => true,
        "0" => false,
        var other => throw csv.Error($"column '{csv.Header[column]}' holds '{CsvReader.Preview(other)}'", "Labels are 0 or 1"),
    };

    private static string ReadText(CsvReader csv, int column)
    {
        var span = csv.GetSpan(column);
        return span.IsWhiteSpace()
            ? throw csv.Error($"empty '{csv.Header[column]}'", "Remove the record or restore its text")
            : span.ToString();
    }
}
