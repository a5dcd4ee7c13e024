namespace RaRlhf.Text.Datasets;

/// <summary>
/// The IMDB Large Movie Review files: <c>imdb_train.csv</c> (text,label,rating,id; sorted negatives first, so
/// shuffle before training) and <c>imdb_unsup.csv</c> (text,id). Values are validated while reading: label 0/1,
/// rating 1–10 on the label's side, unique ids, non-empty text.
/// </summary>
public static class ImdbDataset
{
    public const string TrainFile = "imdb/imdb_train.csv";
    public const string UnsupFile = "imdb/imdb_unsup.csv";

    /// <summary>Share of the labelled reviews held out for validation (stratified by label; never trained on).</summary>
    public const double ValidationFraction = 0.1;

    public static IReadOnlyList<ImdbReview> LoadTrain(string path, ImdbMarkup markup = ImdbMarkup.LineBreaks, IProgress<double>? progress = null) =>
        Load(path, labelled: true, markup, progress);

    public static IReadOnlyList<ImdbReview> LoadUnsup(string path, ImdbMarkup markup = ImdbMarkup.LineBreaks, IProgress<double>? progress = null) =>
        Load(path, labelled: false, markup, progress);

    /// <summary>
    /// The fixed validation split of the labelled reviews. Keyed by the normalised text, so the split is the same
    /// whichever <see cref="ImdbMarkup"/> was used and the 96 duplicated reviews never straddle it.
    /// </summary>
    public static TrainValidationSplit<ImdbReview> Split(IReadOnlyList<ImdbReview> train) =>
        DatasetSplit.Split(train, r => ImdbText.Normalize(r.Text), r => r.Label, ValidationFraction);

    /// <summary>
    /// Text for language-model pretraining: the train side of the split plus the unlabelled reviews, minus any
    /// unlabelled review whose text is also in validation (the unsup file repeats some labelled reviews).
    /// </summary>
    public static IReadOnlyList<string> PretrainingTexts(TrainValidationSplit<ImdbReview> split, IReadOnlyList<ImdbReview> unsup)
    {
        var held = split.Validation.Select(r => ImdbText.Normalize(r.Text)).ToHashSet(StringComparer.Ordinal);
        return split.Train.Select(r => r.Text)
            .Concat(unsup.Where(r => !held.Contains(ImdbText.Normalize(r.Text))).Select(r => r.Text))
            .ToArray();
    }

    private static List<ImdbReview> Load(string path, bool labelled, ImdbMarkup markup, IProgress<double>? progress)
    {
        using var csv = CsvReader.Open(path);
        var text = csv.ColumnIndex("text");
        var id = csv.ColumnIndex("id");
        var label = labelled ? csv.ColumnIndex("label") : -1;
        var rating = labelled ? csv.ColumnIndex("rating") : -1;
        var reviews = new List<ImdbReview>(labelled ? 25_000 : 50_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var review = labelled ? ReadLabelled(csv, text, label, rating, id, markup) : ReadUnlabelled(csv, text, id, markup);
            if (!seen.Add(review.Id))
            {
                throw csv.Error($"duplicate review id '{review.Id}'", "Each (label, id) pair must appear once");
            }

            reviews.Add(review);
            if (progress is not null && (reviews.Count & 1023) == 0)
            {
                progress.Report(csv.Fraction);
            }
        }

        progress?.Report(1);
        return reviews;
    }

    private static ImdbReview ReadLabelled(CsvReader csv, int text, int label, int rating, int id, ImdbMarkup markup)
    {
        var value = csv.GetInt32(label);
        var stars = csv.GetInt32(rating);
        if (value is not (0 or 1))
        {
            throw csv.Error($"label is {value}", "Labels are 1 (positive) or 0 (negative)");
        }

        if (value == 1 ? stars is < 7 or > 10 : stars is < 1 or > 4)
        {
            throw csv.Error($"rating {stars} contradicts label {value}", "IMDB positives are rated 7-10 and negatives 1-4; fix the record");
        }

        var number = ReadId(csv, id);
        return new ImdbReview($"train/{(value == 1 ? "pos" : "neg")}/{number}", ReadText(csv, text, markup), value, stars);
    }

    private static ImdbReview ReadUnlabelled(CsvReader csv, int text, int id, ImdbMarkup markup) =>
        new($"unsup/{ReadId(csv, id)}", ReadText(csv, text, markup), null, null);

    private static int ReadId(CsvReader csv, int id)
    {
        var number = csv.GetInt32(id);
        return number >= 0 ? number : throw csv.Error($"id {number} is negative", "Ids are the aclImdb file numbers (0 or more)");
    }

    private static string ReadText(CsvReader csv, int text, ImdbMarkup markup)
    {
        var span = csv.GetSpan(text);
        if (span.IsWhiteSpace())
        {
            throw csv.Error("empty review text", "Remove the record or restore its text");
        }

        return ImdbText.Apply(span.ToString(), markup);
    }
}
