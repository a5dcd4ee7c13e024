namespace RaRlhf.Text.Datasets;

/// <summary>
/// One IMDB review. <paramref name="Id"/> mirrors the aclImdb file layout and is unique across both files:
/// <c>train/pos/123</c>, <c>train/neg/123</c> (the file's id column repeats between labels), <c>unsup/123</c>.
/// <paramref name="Label"/> is 1 = positive, 0 = negative, null for unlabelled reviews; <paramref name="Rating"/>
/// is the 1–10 star rating (positive ≥ 7, negative ≤ 4), null for unlabelled reviews.
/// </summary>
public sealed record ImdbReview(string Id, string Text, int? Label, int? Rating);
