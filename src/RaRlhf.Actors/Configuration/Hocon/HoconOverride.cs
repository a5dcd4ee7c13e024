namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// An assignment whose new value needs resolution, remembering the value it replaces. The previous value is what a
/// self-reference reads, what the key keeps when the new value is an undefined <c>${?VAR}</c>, and — when
/// <see cref="MergeObjects"/> — what an object value merges onto.
/// </summary>
public sealed class HoconOverride : HoconValue
{
    public HoconOverride(IReadOnlyList<string> path, HoconValue? previous, HoconValue value, bool mergeObjects)
        : base(value.Origin)
    {
        Path = path;
        Previous = previous;
        Value = value;
        MergeObjects = mergeObjects;
    }

    /// <summary>The full key path being assigned.</summary>
    public IReadOnlyList<string> Path { get; }

    public HoconValue? Previous { get; }

    public HoconValue Value { get; }

    public bool MergeObjects { get; }

    public override string Kind => Value.Kind;

    public override bool IsUnresolved => true;
}
