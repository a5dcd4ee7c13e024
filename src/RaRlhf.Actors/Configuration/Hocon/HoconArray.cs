namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>A HOCON array <c>[a, b, c]</c>.</summary>
public sealed class HoconArray : HoconValue
{
    public HoconArray(IReadOnlyList<HoconValue> items, SourcePosition origin)
        : base(origin)
    {
        Items = items;
    }

    public IReadOnlyList<HoconValue> Items { get; }

    public override string Kind => "array";
}
