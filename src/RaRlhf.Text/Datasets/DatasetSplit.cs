namespace RaRlhf.Text.Datasets;

/// <summary>
/// A fixed train/validation split that never changes between runs or machines. Each record's key is hashed with
/// <see cref="StableHash.Of"/> and a seed; within each stratum (label), records are ordered by that hash and the
/// first round(fraction · n) go to validation, so every label keeps exactly its share. Records with equal keys are
/// kept on the same side (the cut moves past a run of equal keys), which is why the dataset loaders key by text:
/// duplicate texts can never leak from train into validation. Membership depends only on the set of records,
/// not on their order in the file.
/// </summary>
public static class DatasetSplit
{
    /// <summary>The seed every built-in split uses.</summary>
    public const ulong DefaultSeed = 20240601;

    public static TrainValidationSplit<T> Split<T>(
        IReadOnlyList<T> records,
        Func<T, string> key,
        Func<T, int?>? stratum,
        double validationFraction,
        ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (validationFraction is < 0 or > 1 || double.IsNaN(validationFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in [0, 1]");
        }

        var inValidation = new bool[records.Count];
        var strata = Enumerable.Range(0, records.Count).GroupBy(i => stratum?.Invoke(records[i]));
        foreach (var group in strata)
        {
            var ordered = group
                .Select(i => (Index: i, Key: key(records[i])))
                .Select(r => (r.Index, r.Key, Hash: StableHash.Of(r.Key, seed)))
                .OrderBy(r => r.Hash)
                .ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToArray();
            var cut = (int)Math.Round(validationFraction * ordered.Length, MidpointRounding.AwayFromZero);
            while (cut > 0 && cut < ordered.Length && ordered[cut].Key == ordered[cut - 1].Key)
            {
                cut++;
            }

            for (var j = 0; j < cut; j++)
            {
                inValidation[ordered[j].Index] = true;
            }
        }

        var train = new List<T>(records.Count);
        var validation = new List<T>();
        for (var i = 0; i < records.Count; i++)
        {
            (inValidation[i] ? validation : train).Add(records[i]);
        }

        return new TrainValidationSplit<T>(train, validation);
    }
}
