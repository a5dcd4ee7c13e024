namespace RaRlhf.Rl.Evaluation;

/// <summary>Structural equality of n-gram arrays, so a HashSet counts distinct n-grams.</summary>
internal sealed class SequenceComparer<T> : IEqualityComparer<T[]>
{
    public static SequenceComparer<T> Instance { get; } = new();

    public bool Equals(T[]? x, T[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(T[] obj)
    {
        var hash = new HashCode();
        foreach (var item in obj)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
