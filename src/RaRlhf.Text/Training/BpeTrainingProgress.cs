namespace RaRlhf.Text.Training;

/// <summary>A progress report: <paramref name="Done"/> of <paramref name="Total"/> units of the current phase.</summary>
/// <param name="Phase">"counting" (documents pre-tokenized; Total unknown = 0) or "merging" (merges learned).</param>
public sealed record BpeTrainingProgress(string Phase, long Done, long Total, TimeSpan Elapsed, string Detail);
