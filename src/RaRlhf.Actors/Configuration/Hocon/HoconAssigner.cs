namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// The merge rules applied as fields are parsed: objects merge into objects, anything else replaces; an unresolved
/// value is wrapped in a <see cref="HoconOverride"/> that remembers what it replaced.
/// </summary>
internal static class HoconAssigner
{
    /// <summary>Walks (creating as needed) the objects named by <paramref name="segments"/> below <paramref name="target"/>.</summary>
    public static HoconObject Descend(HoconObject target, IReadOnlyList<string> prefix, IEnumerable<string> segments, SourcePosition position)
    {
        var path = prefix.ToList();
        var current = target;
        foreach (var segment in segments)
        {
            path.Add(segment);
            current = ObjectAt(current, path, segment, position);
        }

        return current;
    }

    /// <summary>The object stored under <paramref name="key"/>, replacing a non-object or layering over an unresolved value.</summary>
    public static HoconObject ObjectAt(HoconObject parent, IReadOnlyList<string> path, string key, SourcePosition position)
    {
        switch (parent.Get(key))
        {
            case HoconObject existing:
                return existing;
            case HoconOverride { MergeObjects: true, Value: HoconObject layered }:
                return layered;
            case { IsUnresolved: true } unresolved:
                var over = new HoconObject(position);
                parent.Set(key, new HoconOverride(path.ToList(), unresolved, over, mergeObjects: true));
                return over;
            default:
                var child = new HoconObject(position);
                parent.Set(key, child);
                return child;
        }
    }

    /// <summary>`key = value` or `key += value` into <paramref name="parent"/>.</summary>
    public static void Assign(HoconObject parent, IReadOnlyList<string> path, string key, HoconValue value, bool append)
    {
        var existing = parent.Get(key);
        if (append)
        {
            var self = new HoconSubstitution(path, HoconPath.Format(path), optional: true, value.Origin);
            value = new HoconConcatenation([self, new HoconArray([value], value.Origin)], value.Origin);
        }

        if (value is HoconObject obj && existing is HoconObject under)
        {
            parent.Set(key, HoconObject.Merge(under, obj));
        }
        else if (value.IsUnresolved || value is HoconObject && existing is { IsUnresolved: true })
        {
            var over = new HoconOverride(path, existing, value, mergeObjects: value is HoconObject);
            MarkSelfReferences(value, over);
            parent.Set(key, over);
        }
        else
        {
            parent.Set(key, value);
        }
    }

    private static void MarkSelfReferences(HoconValue value, HoconOverride over)
    {
        switch (value)
        {
            case HoconSubstitution s when s.Path.SequenceEqual(over.Path):
                s.SelfReferenceOf = over;
                break;
            case HoconConcatenation c:
                foreach (var part in c.Parts)
                {
                    MarkSelfReferences(part, over);
                }

                break;
            case HoconArray a:
                foreach (var item in a.Items)
                {
                    MarkSelfReferences(item, over);
                }

                break;
        }
    }
}
