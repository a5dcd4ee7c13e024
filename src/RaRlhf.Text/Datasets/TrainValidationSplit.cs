namespace RaRlhf.Text.Datasets;

/// <summary>The two disjoint parts of a <see cref="DatasetSplit"/>, each in the original file order.</summary>
public sealed record TrainValidationSplit<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Validation);
