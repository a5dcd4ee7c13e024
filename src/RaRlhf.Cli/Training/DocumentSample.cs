namespace RaRlhf.Cli.Training;

/// <summary>
/// At most N documents from a fixed SplitMix64 shuffle (the dataset files are sorted by label, so a plain prefix would be
/// one-sided); the whole list, in order, when it is short enough.
/// </summary>
internal static class DocumentSample
{
    public const ulong Seed = 20240601;

    public static IReadOnlyList<T> Take<T>(IReadOnlyList<T> items, int? max)
    {
        if (max is not { } m || m >= items.Count) return items;
        return new RaRlhf.Tensors.SplitMix64(Seed).Permutation(items.Count).Take(m).Order().Select(i => items[i]).ToList();
    }
}
