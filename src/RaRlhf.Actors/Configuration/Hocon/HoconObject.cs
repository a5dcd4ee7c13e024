namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>A HOCON object: fields in the order they were first defined. Mutable while a document is parsed.</summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields = new(StringComparer.Ordinal);

    public HoconObject(SourcePosition origin)
        : base(origin)
    {
    }

    public IEnumerable<KeyValuePair<string, HoconValue>> Fields => _fields;

    public IEnumerable<string> Keys => _fields.Keys;

    public int Count => _fields.Count;

    public HoconValue? Get(string key) => _fields.TryGetValue(key, out var value) ? value : null;

    public void Set(string key, HoconValue value) => _fields[key] = value;

    public void Remove(string key) => _fields.Remove(key);

    public override string Kind => "object";

    /// <summary>
    /// A new resolved object: <paramref name="fallback"/>'s fields overridden by <paramref name="preferred"/>'s,
    /// merging objects found under the same key (later wins; objects merge, anything else replaces).
    /// </summary>
    public static HoconObject Merge(HoconObject fallback, HoconObject preferred)
    {
        var merged = new HoconObject(preferred.Origin);
        foreach (var (key, value) in fallback.Fields)
        {
            merged.Set(key, value);
        }

        foreach (var (key, value) in preferred.Fields)
        {
            merged.Set(key, merged.Get(key) is HoconObject under && value is HoconObject over ? Merge(under, over) : value);
        }

        return merged;
    }
}
