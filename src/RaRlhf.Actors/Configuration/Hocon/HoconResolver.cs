namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// Replaces every substitution with the value it names in the whole merged tree (forward references included),
/// falling back to environment variables; joins concatenations; drops undefined <c>${?...}</c> fields so they keep
/// their previous value. A substitution that needs itself is a cycle and an error naming the chain.
/// </summary>
public sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<HoconValue, HoconValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconValue> _active = [];

    private HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>A fully resolved copy of <paramref name="root"/>: only objects, arrays and scalars.</summary>
    public static HoconObject Resolve(HoconObject root, Func<string, string?> environment) =>
        (HoconObject)new HoconResolver(root, environment).ResolveValue(root)!;

    private HoconValue? ResolveValue(HoconValue value)
    {
        switch (value)
        {
            case HoconScalar:
                return value;
            case HoconArray array:
                return new HoconArray(array.Items.Select(ResolveValue).Where(v => v is not null).Select(v => v!).ToList(), array.Origin);
            case HoconObject obj:
                var copy = new HoconObject(obj.Origin);
                foreach (var (key, field) in obj.Fields)
                {
                    if (ResolveValue(field) is { } resolved)
                    {
                        copy.Set(key, resolved);
                    }
                }

                return copy;
        }

        if (_resolved.TryGetValue(value, out var done))
        {
            return done;
        }

        if (_active.Contains(value, ReferenceEqualityComparer.Instance))
        {
            var chain = _active.SkipWhile(v => !ReferenceEquals(v, value)).OfType<HoconSubstitution>()
                .Select(s => $"{s} ({s.Origin})");
            throw new HoconException(value.Origin, $"substitution cycle: {string.Join(" -> ", chain)} -> back to the start; " +
                "break the cycle by giving one of these keys a literal value");
        }

        _active.Add(value);
        var result = value switch
        {
            HoconSubstitution s => ResolveSubstitution(s),
            HoconConcatenation c => HoconConcatenation.Join(c.Parts.Select(ResolveValue).ToList(), c.Origin),
            HoconOverride o => ResolveOverride(o),
            _ => throw new InvalidOperationException($"unknown HOCON node {value.GetType().Name}"),
        };
        _active.RemoveAt(_active.Count - 1);
        _resolved[value] = result;
        return result;
    }

    private HoconValue? ResolveOverride(HoconOverride over)
    {
        var value = ResolveValue(over.Value);
        if (value is null)
        {
            return over.Previous is null ? null : ResolveValue(over.Previous);
        }

        if (over.MergeObjects && value is HoconObject obj && over.Previous is not null && ResolveValue(over.Previous) is HoconObject under)
        {
            return HoconObject.Merge(under, obj);
        }

        return value;
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution s)
    {
        var found = s.SelfReferenceOf is { } self
            ? self.Previous is null ? null : ResolveValue(self.Previous)
            : Lookup(s.Path);
        if (found is not null)
        {
            return found;
        }

        if (_environment(s.EnvironmentName) is { } env)
        {
            return new HoconScalar(env, HoconScalarKind.Quoted, new SourcePosition($"environment variable {s.EnvironmentName}", 0, 0));
        }

        if (s.Optional)
        {
            return null;
        }

        throw new HoconException(s.Origin,
            $"could not resolve {s}: no key '{HoconPath.Format(s.Path)}' in the configuration and no environment variable " +
            $"'{s.EnvironmentName}'; define one, or write ${{?{s.EnvironmentName}}} to make it optional");
    }

    private HoconValue? Lookup(IReadOnlyList<string> path)
    {
        HoconValue? node = _root;
        foreach (var segment in path)
        {
            var obj = node as HoconObject ?? (node is { IsUnresolved: true } ? ResolveValue(node) as HoconObject : null);
            node = obj?.Get(segment);
            if (node is null)
            {
                return null;
            }
        }

        return ResolveValue(node);
    }
}
